<#-- The README's prose for the native Ollama on a Mac; README.md.ftl gives it headings and order. -->
<#import "common.ftl" as c>
<#function title><#return summary.model + " with Ollama on " + summary.hardware></#function>
<#function why>
  <#return [
    "Docker on macOS runs containers in a Linux VM without access to the Apple GPU (Metal), so an Ollama container"
        + " would run on the CPU only. start-ollama.sh runs the native Ollama (https://ollama.com/download) with the"
        + " planned settings instead.",
    "Quit the Ollama menu-bar app first: it serves on the same port with its own settings."]
    + modelfileFrom???then(["The weights are the local file " + (modelfileFrom!"") + ": start-ollama.sh runs ollama"
        + " create " + recipe.model + " -f Modelfile (the Modelfile beside this README) instead of a pull, which"
        + " copies them into Ollama's store. Clients send the model name " + recipe.model + "."], [])>
</#function>
<#function start>
  <#return ["./start-ollama.sh"] + readme.withUi?then(["docker compose up -d   # Open WebUI"], [])>
</#function>
<#function check>
  <#return ["curl -s " + readme.url + "/api/ps   # size_vram = size when fully on the GPU"]>
</#function>
<#function endpoint>
  <#return readme.url + " (Ollama API; OpenAI-compatible under " + readme.url + "/v1)">
</#function>
<#function use><#return [c.chat(readme.url + "/v1/chat/completions", recipe.model, "")]></#function>
<#function stop>
  <#return ["Ctrl-C in the terminal running start-ollama.sh"] + readme.withUi?then(["docker compose down"], [])>
</#function>
<#function notes><#return []></#function>

<#-- The README's prose for Ollama in a container; README.md.ftl gives it headings and order. -->
<#import "common.ftl" as c>
<#function title><#return summary.model + " with Ollama on " + summary.hardware></#function>
<#function why>
  <#if readme.accelerator == "AMD">
    <#return ["AMD GPU: Ollama's ROCm image, with /dev/kfd and /dev/dri passed through (no NVIDIA device reservation)."]>
  <#elseif readme.accelerator == "CPU">
    <#return ["No accelerator: Ollama runs on the CPU, so the service reserves no GPU."]>
  </#if>
  <#return []>
</#function>
<#function start>
  <#return ["docker compose up -d", "docker compose logs -f ollama-pull   # the model download"]>
</#function>
<#function check>
  <#return ["docker compose ps", "curl -s " + readme.url + "/api/ps   # size_vram = size when fully on the GPU"]>
</#function>
<#function endpoint>
  <#return readme.url + " (Ollama API; OpenAI-compatible under " + readme.url + "/v1)">
</#function>
<#function use><#return [c.chat(readme.url + "/v1/chat/completions", recipe.model, "")]></#function>
<#function stop>
  <#return ["docker compose down        # keeps the downloaded model (volume ollama)"]>
</#function>
<#function notes><#return []></#function>

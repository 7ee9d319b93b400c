<#-- The README's prose for Ollama in a container; README.md.ftl gives it headings and order. -->
<#import "common.ftl" as c>
<#function title><#return summary.model + " with Ollama on " + summary.hardware></#function>
<#function why>
  <#local w = []>
  <#if modelfileFrom??>
    <#local w = ["The weights are the local file " + recipe.localWeights.hostPath() + ", not a download: its directory"
        + " is mounted read-only at " + recipe.localWeights.containerDirectory() + ", and the one-shot ollama-create"
        + " service runs ollama create " + recipe.model + " -f Modelfile (the Modelfile beside this README says FROM "
        + modelfileFrom + "), which copies the weights into the ollama volume. Clients send the model name "
        + recipe.model + "."]>
  </#if>
  <#if readme.accelerator == "AMD">
    <#return w + ["AMD GPU: Ollama's ROCm image, with /dev/kfd and /dev/dri passed through (no NVIDIA device reservation)."]>
  <#elseif readme.accelerator == "CPU">
    <#return w + ["No accelerator: Ollama runs on the CPU, so the service reserves no GPU."]>
  </#if>
  <#return w>
</#function>
<#function start>
  <#if modelfileFrom??>
    <#return ["docker compose up -d",
        "docker compose logs -f ollama-create   # ollama create " + recipe.model + " -f Modelfile: the import of "
            + recipe.localWeights.hostPath(),
        "docker compose run --rm ollama-create   # the same step again, after replacing the file"]>
  </#if>
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
  <#return ["docker compose down        # keeps the " + modelfileFrom???then("imported", "downloaded") + " model (volume ollama)"]>
</#function>
<#function notes><#return []></#function>

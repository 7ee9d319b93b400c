<#-- The README's prose for vLLM on one machine; README.md.ftl gives it headings and order. -->
<#import "common.ftl" as c>
<#function title><#return summary.model + " with vLLM on " + summary.hardware></#function>
<#function why>
  <#if recipe.localWeights??>
    <#return ["The weights are the local checkpoint " + recipe.localWeights.hostPath() + ", not a download: it is"
        + " mounted read-only at " + recipe.localWeights.containerPath() + ", the path vllm serve loads. Clients send"
        + " the model name " + recipe.model + "."]>
  </#if>
  <#return []>
</#function>
<#function start>
  <#return ["docker compose up -d", "docker compose logs -f vllm   # "
      + recipe.localWeights???then("loading takes minutes", "download and load take minutes")]>
</#function>
<#function check>
  <#return ["docker compose ps   # healthy once the model is loaded",
      "curl -s " + readme.url + "/v1/models" + c.auth(readme.listening)]>
</#function>
<#function endpoint><#return readme.url + "/v1 (OpenAI-compatible)"></#function>
<#function use>
  <#return [c.chat(readme.url + "/v1/chat/completions", recipe.model, readme.listening?then("$KEY", ""))]>
</#function>
<#function stop>
  <#return ["docker compose down   # the weights stay in "
      + recipe.localWeights???then(recipe.localWeights.hostPath(), "~/.cache/huggingface")]>
</#function>
<#-- Why the image is the one it is: NVIDIA's build on DGX Spark, else the CUDA build the driver runs. -->
<#function notes>
  <#local i = readme.image>
  <#local n = []>
  <#if i.ngc>
    <#local n = n + ["DGX Spark: NVIDIA's vLLM build (" + i.ngcImage() + ") runs on the GB10 (arm64, sm_121)."]>
  <#elseif !i.driver??>
    <#local n = n + ["The image is vLLM's CUDA 12.9 build, which needs NVIDIA driver 575 or newer. With driver 580 or"
        + " newer (nvidia-smi shows it), the CUDA 13 build is the plain tag: pass --nvidia-driver to thinkrig compose"
        + " to get it."]>
  <#elseif i.driverDetected>
    <#local n = n + ["The image follows the NVIDIA driver detected on this machine, " + i.driver
        + (i.detectedCuda??)?then(" (CUDA " + (i.detectedCuda!"") + ")", "") + ": "
        + i.cuda13?then("vLLM's CUDA 13 build", "vLLM's CUDA 12.9 build (CUDA 13 needs driver " + i.cuda13MinDriver() + ")")
        + "; --nvidia-driver overrides it."]>
  </#if>
  <#if !i.ngc && i.belowCuda129>
    <#local n = n + ["NVIDIA driver " + i.driver + " is older than CUDA 12.9 needs (" + i.cuda129MinDriver() + "):"
        + " data-center GPUs run it through forward compatibility, GeForce cards need a driver update."]>
  </#if>
  <#return n>
</#function>

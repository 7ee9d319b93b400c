<#-- The README's prose for NVIDIA NIM; README.md.ftl gives it headings and order. -->
<#function title><#return summary.model + " with NVIDIA NIM on " + summary.hardware></#function>
<#function why><#return []></#function>
<#function start>
  <#return [
    "sed -n 's/^NGC_API_KEY=//p' .env | docker login nvcr.io -u '$oauthtoken' --password-stdin",
    "mkdir -p ~/.cache/nim && chmod a+w ~/.cache/nim   # the container's user writes here",
    "docker compose up -d",
    "docker compose logs -f nim   # download and load take minutes"]>
</#function>
<#function check>
  <#return ["docker compose ps   # healthy once /v1/health/ready answers", "curl -s " + readme.url + "/v1/models"]>
</#function>
<#function endpoint><#return readme.url + "/v1 (OpenAI-compatible)"></#function>
<#function use>
  <#return ["curl -s " + readme.url + "/v1/models   # the served model name to put in requests"]>
</#function>
<#function stop><#return ["docker compose down   # the download stays in ~/.cache/nim"]></#function>
<#function notes>
  <#return [
    "NIM_MODEL_PROFILE names the profile thinkrig sized (" + readme.nimProfile + "). If the container rejects it,"
        + " list the profiles that match these GPUs with: docker compose run --rm nim list-model-profiles (then set"
        + " one of them).",
    "The image tag is " + readme.nimTag() + "; pin the version you have tested (NGC catalog) before keeping this file."]>
</#function>

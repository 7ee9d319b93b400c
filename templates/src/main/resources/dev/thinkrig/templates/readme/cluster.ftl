<#-- The README's prose for vLLM over Ray across machines; README.md.ftl gives it headings and order. -->
<#import "common.ftl" as c>
<#function title>
  <#return summary.model + " with vLLM on " + summary.hardware + " x " + cluster.nodes?size>
</#function>
<#function why>
  <#local n = cluster.nodes?size>
  <#return [
    "The model spans " + n + " machines: vLLM runs over Ray (" + summary.configuration + "). node-1 is the head: it"
        + " runs the Ray head and, once all " + n + " nodes joined, vllm serve, the only endpoint. node-2 to node-"
        + n + " are Ray workers that lend their GPUs.",
    "Copy node-1/ to the head machine and node-K/ to each worker. In every .env, set THINKRIG_HEAD_ADDRESS (node-1's"
        + " IP on the fast link between the machines), THINKRIG_NETWORK_INTERFACE (that link's interface on this"
        + " machine, from ip -br addr; NCCL and Gloo use it) and, on workers, THINKRIG_NODE_ADDRESS (the worker's own"
        + " IP on that link). thinkrig does not guess them.",
    "Every container uses the host's network (Ray and NCCL open many ports) and the host's IPC namespace, so /dev/shm"
        + " is the host's. For RDMA (InfiniBand or RoCE, such as the DGX Spark's ConnectX-7), uncomment the devices"
        + " lines; without them NCCL uses TCP sockets on that interface.",
    "Order: start node-1 first (its Ray head listens on port " + cluster.rayPort?c + "), then every worker; node-1"
        + " starts vllm serve by itself once all workers have joined. Each node downloads the weights into its own"
        + " ~/.cache/huggingface."]>
</#function>
<#function start>
  <#return [
    "# 1. on node-1 (the head): Ray head, then vllm serve once the workers joined",
    "cd node-1 && docker compose up -d",
    "# 2. on each worker node-K, after node-1's Ray head is up (logs: 'Ray runtime started')",
    "cd node-K && docker compose up -d",
    "# 3. on node-1: watch the workers join and the model load",
    "docker compose logs -f vllm-head"]>
</#function>
<#function check>
  <#return [
    "docker compose ps   # on node-1: healthy once the model is loaded",
    "docker compose exec vllm-head ray status   # on node-1: " + cluster.nodes?size + " nodes, their GPUs",
    "curl -s " + cluster.url + "/v1/models" + c.auth(cluster.listening)]>
</#function>
<#function endpoint><#return cluster.url + "/v1 on node-1 (OpenAI-compatible)"></#function>
<#function use>
  <#return [c.chat(cluster.url + "/v1/chat/completions", cluster.model, cluster.listening?then("$KEY", ""))]>
</#function>
<#function stop><#return ["docker compose down   # on node-1 first, then on the workers"]></#function>
<#function notes>
  <#if cluster.image.ngc>
    <#return ["DGX Spark: NVIDIA's vLLM build (" + cluster.image.ngcImage() + ") runs on the GB10 (arm64, sm_121);"
        + " two Sparks are joined by their 200 GbE ConnectX-7 ports, as in NVIDIA's playbook."]>
  </#if>
  <#return []>
</#function>

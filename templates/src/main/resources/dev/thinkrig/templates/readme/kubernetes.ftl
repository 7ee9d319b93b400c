<#-- The README's prose for the LeaderWorkerSet; README.md.ftl gives it headings and order. -->
<#import "common.ftl" as c>
<#function title>
  <#return summary.model + " with vLLM on " + summary.hardware + " x " + k8s.size + " (Kubernetes)">
</#function>
<#function why>
  <#return [
    "leaderworkerset.yaml holds a LeaderWorkerSet (https://lws.sigs.k8s.io, its controller must be installed) of one"
        + " group of " + k8s.size + " pods, one per node with " + k8s.gpusPerPod + " GPU each: the leader runs the"
        + " Ray head and, once all pods joined (LWS_GROUP_SIZE), vllm serve; the workers join it at"
        + " LWS_LEADER_ADDRESS. A Service named " + k8s.name + " reaches the leader's port "
        + k8s.readiness.port?c + ".",
    "/dev/shm is a memory-backed emptyDir (NCCL needs more than the container default). Each pod downloads the"
        + " weights; for gated models create the secret hf-token first."]>
</#function>
<#function start>
  <#return [
    "kubectl create secret generic hf-token --from-literal=token=hf_...   # gated models only",
    "kubectl apply -f leaderworkerset.yaml",
    "kubectl logs -f " + k8s.name + "-0   # the leader"]>
</#function>
<#function check>
  <#return [
    "kubectl get leaderworkerset " + k8s.name,
    "kubectl get pods -l leaderworkerset.sigs.k8s.io/name=" + k8s.name]>
</#function>
<#function endpoint>
  <#return "http://" + k8s.name + ":" + k8s.readiness.port?c + "/v1 inside the cluster (OpenAI-compatible)">
</#function>
<#function use>
  <#local port = k8s.readiness.port?c>
  <#return [
    "kubectl port-forward svc/" + k8s.name + " " + port + ":" + port,
    c.chat("http://127.0.0.1:" + port + "/v1/chat/completions", k8s.model, "")]>
</#function>
<#function stop><#return ["kubectl delete -f leaderworkerset.yaml"]></#function>
<#function notes><#return []></#function>

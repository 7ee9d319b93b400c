<#list header as line>
# <@t.c line/>
</#list>
<#macro container role command args>
          containers:
            - name: <@t.s role/>
              image: <@t.s k8s.image/>
              command: [<#list command as a><@t.s a/><#sep>, </#list>]
<#if args?has_content>
              args:
<#list args as arg>
                - <@t.s arg.value/><#if arg.why?has_content>  # <@t.c arg.why/></#if>
</#list>
</#if>
              env:
                - name: "HF_TOKEN"
                  valueFrom:
                    secretKeyRef: {name: "hf-token", key: "token", optional: true}
<#list k8s.env as e>
                - name: <@t.s e.name/>
                  value: <@t.s e.value.literalText()/><#if e.why?has_content>  # <@t.c e.why/></#if>
</#list>
              resources:
                limits:
                  nvidia.com/gpu: <@t.s k8s.gpusPerPod?c/>
              volumeMounts:
                - name: "dshm"
                  mountPath: "/dev/shm"
<#if role == "leader">
              ports:
                - containerPort: ${k8s.readiness.port?c}
              readinessProbe:
                httpGet: {path: <@t.s k8s.readiness.path/>, port: ${k8s.readiness.port?c}}
                periodSeconds: 30
                failureThreshold: 120
</#if>
          volumes:
            - name: "dshm"
              emptyDir: {medium: "Memory"}
</#macro>
apiVersion: "leaderworkerset.x-k8s.io/v1"
kind: "LeaderWorkerSet"
metadata:
  name: <@t.s k8s.name/>
spec:
  replicas: 1
  leaderWorkerTemplate:
    size: ${k8s.size?c}
    restartPolicy: "RecreateGroupOnPodRestart"
    leaderTemplate:
      metadata:
        labels: {role: "leader"}
      spec:
<@container role="leader" command=k8s.leaderCommand args=leaderArgs/>
    workerTemplate:
      spec:
<@container role="worker" command=k8s.workerCommand args=[]/>
---
apiVersion: "v1"
kind: "Service"
metadata:
  name: <@t.s k8s.name/>
spec:
  selector:
    leaderworkerset.sigs.k8s.io/name: <@t.s k8s.name/>
    role: "leader"
  ports:
    - name: "http"
      port: ${k8s.readiness.port?c}
      targetPort: ${k8s.readiness.port?c}

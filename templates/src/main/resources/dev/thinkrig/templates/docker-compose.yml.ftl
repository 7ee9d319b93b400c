<#list header as line>
# <@t.c line/>
</#list>
services:
<#list compose.services as svc>
  <@t.k svc.recipe.service/>:
    image: <@t.s svc.image/>
<#if svc.entrypoint?has_content>
    entrypoint: [<#list svc.entrypoint as a><@t.s a/><#sep>, </#list>]
</#if>
<#if svc.command?has_content>
    command:
<#list svc.command as arg>
      - <@t.s arg.value/><#if arg.why?has_content>  # <@t.c arg.why/></#if>
</#list>
</#if>
<#if svc.environment?has_content>
    environment:
<#list svc.environment as e>
      <@t.k e.name/>: <@t.s e.value/><#if e.why?has_content>  # <@t.c e.why/></#if>
</#list>
</#if>
<#if svc.ports?has_content>
    ports:
<#list svc.ports as p>
      - <@t.s p/>
</#list>
</#if>
<#if svc.volumes?has_content>
    volumes:
<#list svc.volumes as v>
      - <@t.s v/>
</#list>
</#if>
<#if svc.recipe.devices?has_content>
    devices:
<#list svc.recipe.devices as d>
      - <@t.s d/>
</#list>
</#if>
<#if svc.recipe.optionalDevices?has_content>
    # devices:   # optional: uncomment to pass these through
<#list svc.recipe.optionalDevices as d>
    #   - <@t.s d/>
</#list>
</#if>
<#if svc.recipe.hostNetwork>
    network_mode: "host"
</#if>
<#if svc.recipe.ipc??>
    ipc: <@t.s svc.recipe.ipc/>
</#if>
<#if svc.shmSize??>
    shm_size: <@t.s svc.shmSize/>
</#if>
<#if svc.recipe.ulimits?has_content>
    ulimits:
<#list svc.recipe.ulimits as u>
      <@t.k u.name/>:
        soft: ${u.soft}
        hard: ${u.hard}
</#list>
</#if>
<#if svc.recipe.gpu??>
    deploy:
      resources:
        reservations:
          devices:
            - driver: "nvidia"
<#if svc.recipe.gpu.count??>
              count: ${svc.recipe.gpu.count}
<#else>
              device_ids: [<#list svc.recipe.gpu.deviceIds as id><@t.s id/><#sep>, </#list>]
</#if>
              capabilities: ["gpu"]
</#if>
<#if svc.recipe.healthcheck??>
    healthcheck:
      test: [<#list svc.recipe.healthcheck.test as a><@t.s a/><#sep>, </#list>]
      interval: <@t.s svc.recipe.healthcheck.interval/>
      timeout: <@t.s svc.recipe.healthcheck.timeout/>
      retries: ${svc.recipe.healthcheck.retries}
      start_period: <@t.s svc.recipe.healthcheck.startPeriod/>
</#if>
<#if svc.recipe.dependsOn?has_content>
    depends_on:
<#list svc.recipe.dependsOn as d>
      <@t.k d.service/>:
        condition: <@t.s d.condition/>
</#list>
</#if>
    restart: <@t.s svc.recipe.restart/>
<#sep>

</#sep>
</#list>
<#if compose.volumes?has_content>

volumes:
<#list compose.volumes as v>
  <@t.k v/>: {}
</#list>
</#if>

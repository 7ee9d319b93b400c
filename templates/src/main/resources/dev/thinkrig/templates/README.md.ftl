<#-- The README's headings and order; the prose of each layout (ollama, vllm, nim, cluster, ...) is in readme/. -->
<#import "readme/" + layout + ".ftl" as e>
<#assign why = e.why()>
<#assign notes = summary.notes + e.notes()>
<!--
<#list header as line>
  <@t.hc line/><#nt>
</#list>
-->
# <@t.md e.title()/>

## What was planned

- Configuration: <@t.md summary.configuration/>
- Workload <@t.md summary.workload/>
- Memory: <@t.md summary.memory/>
- KV cache: <@t.md summary.kvBytesPerToken/> bytes per token; <@t.md summary.kvCapacityTokens/> tokens of capacity
- Speed: <@t.md summary.speed/>

| device | layers | weights | KV cache | compute | overhead | total | usable |
|---|---:|---:|---:|---:|---:|---:|---:|
<#list summary.memoryRows as r>
| <@t.md r.device/> | <@t.md r.layers/> | <@t.md r.weights/> | <@t.md r.kvCache/> | <@t.md r.compute/> | <@t.md r.overhead/> | <@t.md r.total/> | <@t.md r.usable/> |
</#list>
<#if why?has_content>

## Why it runs this way

<#list why as p>
<@t.md p/><#nt>
<#sep>

</#sep>
</#list>
</#if>

## Start

```sh
<#list e.start() as line>
<@t.c line/><#nt>
</#list>
```

## Check

```sh
<#list e.check() as line>
<@t.c line/><#nt>
</#list>
```

## Use

Endpoint: <@t.md e.endpoint()/>

```sh
<#list e.use() as line>
<@t.c line/><#nt>
</#list>
```

## Stop

```sh
<#list e.stop() as line>
<@t.c line/><#nt>
</#list>
```
<#if notes?has_content>

## Notes

<#list notes as n>
- <@t.md n/>
</#list>
</#if>

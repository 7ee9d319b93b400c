<!--
<#list header as line>
  <@t.hc line/><#nt>
</#list>
-->
# <@t.md readme.title/>

## What was planned

<#list readme.planned as line>
- <@t.md line/>
</#list>

| device | layers | weights | KV cache | compute | overhead | total | usable |
|---|---:|---:|---:|---:|---:|---:|---:|
<#list readme.memory as r>
| <@t.md r.device/> | <@t.md r.layers/> | <@t.md r.weights/> | <@t.md r.kvCache/> | <@t.md r.compute/> | <@t.md r.overhead/> | <@t.md r.total/> | <@t.md r.usable/> |
</#list>
<#if readme.why?has_content>

## Why it runs this way

<#list readme.why as p>
<@t.md p/><#nt>
<#sep>

</#sep>
</#list>
</#if>

## Start

```sh
<#list readme.start as line>
<@t.c line/><#nt>
</#list>
```

## Check

```sh
<#list readme.check as line>
<@t.c line/><#nt>
</#list>
```

## Use

Endpoint: <@t.md readme.endpoint/>

```sh
<#list readme.use as line>
<@t.c line/><#nt>
</#list>
```

## Stop

```sh
<#list readme.stop as line>
<@t.c line/><#nt>
</#list>
```
<#if readme.notes?has_content>

## Notes

<#list readme.notes as n>
- <@t.md n/>
</#list>
</#if>

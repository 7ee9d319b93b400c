<#list header as line>
# <@t.c line/>
</#list>
# Read by docker compose from this directory. Created readable by its owner only (mode 0600): put secrets here,
# never in docker-compose.yml.
<#list env as e>
<#if e.comment?has_content>

# <@t.c e.comment/>
</#if>
<@t.k e.name/>=<@t.env e.value/>
</#list>

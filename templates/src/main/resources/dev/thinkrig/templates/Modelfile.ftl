<#list header as line>
# <@t.c line/>
</#list>
# ollama create reads this file (README.md says when); FROM is the local GGUF as ollama create sees it.
FROM <@t.c modelfileFrom/>

<#-- The only ways a value reaches a generated file: each macro escapes for one kind of file. -->
<#-- A YAML scalar: a JSON string literal, which is also a valid YAML scalar; a quote, colon or newline stays text. -->
<#macro s value>${yamlString(value)}</#macro>
<#-- A YAML key: a name thinkrig chose; anything but [A-Za-z0-9_.-] fails the rendering. -->
<#macro k value>${yamlKey(value)}</#macro>
<#-- Comment text or a Markdown code line: line breaks become spaces, so a value cannot start a new line. -->
<#macro c value>${oneLine(value)}</#macro>
<#-- Text inside an HTML comment (the README's header): one line that cannot close the comment. -->
<#macro hc value>${htmlComment(value)}</#macro>
<#-- A POSIX shell word, single-quoted. -->
<#macro sh value>${shellWord(value)}</#macro>
<#-- Markdown prose: one line, markup characters escaped. -->
<#macro md value>${markdown(value)}</#macro>
<#-- A .env value: names and numbers only; anything else fails the rendering. -->
<#macro env value>${envValue(value)}</#macro>

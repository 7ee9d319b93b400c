#!/bin/sh
<#list header as line>
# <@t.c line/>
</#list>
#
# Docker on macOS cannot reach the Apple GPU, so Ollama runs natively here with the planned settings.
set -eu

command -v ollama >/dev/null 2>&1 || { echo "ollama is not installed: https://ollama.com/download" >&2; exit 1; }

<#list launch.environment as e>
export <@t.k e.name/>=<@t.sh e.value/><#if e.why?has_content>  # <@t.c e.why/></#if>
</#list>

if ollama list >/dev/null 2>&1; then
  echo "an Ollama server already answers on $OLLAMA_HOST (the menu-bar app?); quit it first:" \
    "it does not have these settings" >&2
  exit 1
fi

ollama serve &
server=$!
trap 'kill "$server" 2>/dev/null' INT TERM
until ollama list >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || { echo "ollama serve exited" >&2; exit 1; }
  sleep 1
done
<#if modelfileFrom??>
ollama create <@t.sh launch.model/> -f "$(dirname "$0")/Modelfile"  # imports the local GGUF: FROM <@t.c modelfileFrom/>
<#else>
ollama pull <@t.sh launch.model/>
</#if>
echo "serving on "<@t.sh launch.url/>
wait "$server"

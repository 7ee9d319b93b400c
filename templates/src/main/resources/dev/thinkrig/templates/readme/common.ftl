<#-- Pieces every README layout shares. -->
<#-- An OpenAI-style chat request as one shell line; the JSON is built with the same escaping as the YAML. -->
<#function chat url model key>
  <#local body = '{"model": ' + yamlString(model) + ', "messages": [{"role": "user", "content": "How many primes are below 100?"}]}'>
  <#return "curl -s " + url + " -H 'Content-Type: application/json'"
      + key?has_content?then(' -H "Authorization: Bearer ' + key + '"', "") + " -d " + shellWord(body)>
</#function>
<#-- The Authorization header a client sends when the engine requires the key. -->
<#function auth listening>
  <#return listening?then(' -H "Authorization: Bearer $KEY"', "")>
</#function>

<#--
  WEB-INF/licenses.xml of the .hpi, in the format maven-hpi-plugin's license step writes (jenkinsci/license-maven-plugin,
  xmlgen.groovy: a Groovy MarkupBuilder with omitNullAttributes): the plugin itself, then every library bundled in
  WEB-INF/lib, each with the name, url and description of its POM and each of its licenses (name, url). Jenkins shows
  it under About Jenkins. Rendered by org.codehaus.mojo:license-maven-plugin's add-third-party goal; dependencyMap's
  keys are the libraries' effective POMs (MavenProject), so inherited names, urls and licenses are resolved. Copied with
  @...@ filtering to target/ first (execution licenses-template).
-->
<#macro attr name value><#if value?has_content> ${name}='${value?xml}'</#if></#macro>
<#macro dependency p>
  <l:dependency<@attr "name" p.name!""/><@attr "groupId" p.groupId/><@attr "artifactId" p.artifactId/><@attr "version" p.version/><@attr "url" p.url!""/>>
    <#if (p.description!"")?has_content><l:description>${p.description?trim?xml}</l:description><#else><l:description /></#if>
<#list p.licenses as license>
    <l:license<@attr "name" license.name!""/><@attr "url" license.url!""/> />
</#list>
  </l:dependency>
</#macro>
<#-- the plugin itself, first, as maven-hpi-plugin lists it: @...@ are filled in by Maven resource filtering -->
<l:dependencies xmlns:l='licenses'>
  <l:dependency name='${"@project.name@"?xml}' groupId='@project.groupId@' artifactId='@project.artifactId@' version='@project.version@' url='@project.url@'>
    <l:description>${"@project.description@"?xml}</l:description>
  </l:dependency>
<#list dependencyMap as e><@dependency e.getKey()/></#list>
</l:dependencies>

package io.jenkins.plugins.imagemirror.jenkins;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * WEB-INF/licenses.xml as maven-hpi-plugin's license step writes it (jenkinsci/license-maven-plugin, xmlgen.groovy)
 * and Jenkins reads it: {@code <l:dependencies xmlns:l="licenses">}, one {@code l:dependency} (name, groupId,
 * artifactId, version, url attributes; an {@code l:description}; {@code l:license} name and url) per library, the
 * plugin itself first.
 */
record LicensesXml(List<Dependency> dependencies) {
    static final String NAMESPACE = "licenses";

    record License(String name, String url) {}

    record Dependency(
            String name, String groupId, String artifactId, String version, String url, List<License> licenses) {
        String coordinates() {
            return groupId + ":" + artifactId + ":" + version;
        }
    }

    static LicensesXml parse(InputStream in) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Element root = factory.newDocumentBuilder().parse(in).getDocumentElement();
            if (!NAMESPACE.equals(root.getNamespaceURI()) || !"dependencies".equals(root.getLocalName())) {
                throw new IOException("root is " + root.getTagName() + ", not l:dependencies in namespace 'licenses'");
            }
            List<Dependency> dependencies = new ArrayList<>();
            NodeList nodes = root.getElementsByTagNameNS(NAMESPACE, "dependency");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element d = (Element) nodes.item(i);
                List<License> licenses = new ArrayList<>();
                NodeList ls = d.getElementsByTagNameNS(NAMESPACE, "license");
                for (int j = 0; j < ls.getLength(); j++) {
                    Element l = (Element) ls.item(j);
                    licenses.add(new License(l.getAttribute("name"), l.getAttribute("url")));
                }
                dependencies.add(new Dependency(
                        d.getAttribute("name"),
                        d.getAttribute("groupId"),
                        d.getAttribute("artifactId"),
                        d.getAttribute("version"),
                        d.getAttribute("url"),
                        licenses));
            }
            return new LicensesXml(dependencies);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("parsing licenses.xml: " + e.getMessage(), e);
        }
    }
}

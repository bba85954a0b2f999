package io.github.nunuaction.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class JunitXmlTest {
  /** Maven Surefire's JUnit report schema, unpacked from its source release by the build. */
  static final Path SCHEMA = Path.of("target/junit-schema/surefire-test-report.xsd");

  @Test
  void everySuiteIsValidAgainstTheSurefireJunitSchema() throws Exception {
    Document document = parse(JunitXml.render(ReportFixtures.mixed()));
    Schema schema =
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(SCHEMA.toFile());
    NodeList suites = document.getElementsByTagName("testsuite");
    assertThat(suites.getLength()).isEqualTo(5);
    for (int i = 0; i < suites.getLength(); i++) {
      schema
          .newValidator()
          .validate(new StreamSource(new StringReader(serialize((Element) suites.item(i)))));
    }
  }

  @Test
  void casesAndCountsFollowTheOutcomes() throws Exception {
    Element root = parse(JunitXml.render(ReportFixtures.mixed())).getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    // passed, failed, retried attempt (skipped) + its retry (passed), rejected job (error),
    // unfinished (skipped)
    assertThat(root.getAttribute("tests")).isEqualTo("6");
    assertThat(root.getAttribute("failures")).isEqualTo("1");
    assertThat(root.getAttribute("errors")).isEqualTo("1");
    assertThat(root.getAttribute("skipped")).isEqualTo("2");

    Element failure = (Element) root.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("FAILED");
    assertThat(failure.getTextContent())
        .contains(
            "Step 2 [FAILED] Check: Settings **menu**", "nothing happened <script>x</script>");
    Element testcase = (Element) failure.getParentNode();
    assertThat(testcase.getAttribute("name"))
        .isEqualTo("Settings **menu** [run runfailed01, player 1]");
    assertThat(testcase.getAttribute("classname")).isEqualTo("nunu.Settings **menu**");
    assertThat(testcase.getAttribute("time")).isEqualTo("240.660");
    Element error = (Element) root.getElementsByTagName("error").item(0);
    assertThat(error.getTextContent())
        .isEqualTo("Rejected by the nunu queue: no devices\nfree ::warning::x");
  }

  @Test
  void controlCharactersThatXmlCannotHoldAreReplaced() {
    assertThat(JunitXml.clean("bell\u0007 nul\u0000 tab\t ok"))
        .isEqualTo("bell\uFFFD nul\uFFFD tab\t ok");
  }

  static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new InputSource(new StringReader(xml)));
  }

  static String serialize(Element element) throws Exception {
    var out = new StringWriter();
    TransformerFactory.newInstance()
        .newTransformer()
        .transform(new DOMSource(element), new StreamResult(out));
    return out.toString();
  }
}

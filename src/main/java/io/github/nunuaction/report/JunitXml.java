package io.github.nunuaction.report;

import io.github.nunuaction.nunu.RunDetails.Player;
import io.github.nunuaction.nunu.RunDetails.Step;
import io.github.nunuaction.results.JobResult;
import io.github.nunuaction.results.Outcome;
import io.github.nunuaction.results.Results;
import io.github.nunuaction.results.RunResult;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml}: one test suite per job, one test case per run and player, so that test
 * reporters show nunu runs like unit tests. Failed verdicts are failures, execution problems are
 * errors, unfinished and retried runs are skipped; the failure text is the step reports.
 */
public final class JunitXml {
  private static final int TEXT_LIMIT = 8_000;

  private JunitXml() {}

  private record Case(
      String className,
      String name,
      double seconds,
      Outcome outcome,
      boolean superseded,
      String result,
      String text) {}

  public static String render(Results results) {
    try {
      var out = new StringWriter();
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      var suites = new ArrayList<List<Case>>();
      for (JobResult job : results.jobs()) {
        suites.add(cases(job));
      }
      var all = suites.stream().flatMap(List::stream).toList();
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "nunu.ai");
      counts(xml, all);
      xml.writeCharacters("\n");
      for (int i = 0; i < suites.size(); i++) {
        List<Case> cases = suites.get(i);
        JobResult job = results.jobs().get(i);
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", clean(job.displayName()));
        counts(xml, cases);
        xml.writeCharacters("\n");
        for (Case testCase : cases) {
          write(xml, testCase);
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
      }
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.close();
      return out.toString();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("could not write junit.xml", e);
    }
  }

  private static List<Case> cases(JobResult job) {
    var cases = new ArrayList<Case>();
    if (job.runs().isEmpty()) {
      Outcome outcome = job.outcomes().get(0);
      String text =
          job.rejectionReason() != null
              ? "Rejected by the nunu queue: " + job.rejectionReason()
              : "The job finished without a run (last status " + job.status() + ").";
      cases.add(
          new Case(
              "nunu." + job.displayName(),
              job.displayName() + " [job " + job.jobId() + "]",
              0,
              outcome,
              false,
              job.status(),
              text));
      return cases;
    }
    for (RunResult run : job.runs()) {
      String test = run.testName() != null ? run.testName() : job.displayName();
      double seconds = run.durationMs() == null ? 0 : run.durationMs() / 1000.0;
      List<Player> players = run.details() == null ? List.of() : run.details().players();
      if (players.isEmpty()) {
        cases.add(
            new Case(
                "nunu." + test,
                test + " [run " + run.runId() + "]",
                seconds,
                run.outcome(),
                run.superseded(),
                run.result(),
                run.fetchProblem() != null ? run.fetchProblem() : "Result: " + run.result()));
        continue;
      }
      for (Player player : players) {
        Outcome outcome = player.result() != null ? Outcome.of(player.result()) : run.outcome();
        String name =
            (player.testName() != null ? player.testName() : test)
                + " [run "
                + run.runId()
                + ", player "
                + (player.number() == null ? "?" : player.number())
                + "]";
        cases.add(
            new Case(
                "nunu." + test,
                name,
                seconds,
                outcome,
                run.superseded(),
                player.result() != null ? player.result() : run.result(),
                stepText(player)));
      }
    }
    return cases;
  }

  private static String stepText(Player player) {
    var text = new StringBuilder();
    for (Step step : player.steps()) {
      text.append("Step ")
          .append(step.number() == null ? "?" : step.number())
          .append(" [")
          .append(step.result() == null ? "NO RESULT" : step.result())
          .append("] ")
          .append(step.goal() == null ? "" : step.goal())
          .append('\n');
      if (step.report() != null) {
        text.append("  ").append(step.report().replace("\n", "\n  ")).append('\n');
      }
      for (var item : step.items()) {
        text.append("  - ")
            .append(item.id())
            .append(" [")
            .append(item.status())
            .append("] expected: ")
            .append(item.expected())
            .append(item.comment() == null ? "" : "; found: " + item.comment())
            .append('\n');
      }
    }
    return text.toString();
  }

  private static void counts(XMLStreamWriter xml, List<Case> cases) throws XMLStreamException {
    xml.writeAttribute("tests", String.valueOf(cases.size()));
    xml.writeAttribute(
        "failures",
        String.valueOf(
            cases.stream().filter(c -> !c.superseded() && c.outcome() == Outcome.FAILED).count()));
    xml.writeAttribute(
        "errors",
        String.valueOf(
            cases.stream().filter(c -> !c.superseded() && c.outcome() == Outcome.ERRORED).count()));
    xml.writeAttribute(
        "skipped",
        String.valueOf(
            cases.stream()
                .filter(c -> c.superseded() || c.outcome() == Outcome.UNFINISHED)
                .count()));
    xml.writeAttribute("time", seconds(cases.stream().mapToDouble(Case::seconds).sum()));
  }

  private static void write(XMLStreamWriter xml, Case testCase) throws XMLStreamException {
    xml.writeCharacters("  ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("name", clean(testCase.name()));
    xml.writeAttribute("classname", clean(testCase.className()));
    xml.writeAttribute("time", seconds(testCase.seconds()));
    String result = testCase.result() == null ? "NO RESULT" : testCase.result();
    if (testCase.superseded()) {
      xml.writeEmptyElement("skipped");
      xml.writeAttribute("message", "attempt replaced by a retry (" + clean(result) + ")");
    } else {
      switch (testCase.outcome()) {
        case PASSED -> {}
        case FAILED, ERRORED -> {
          xml.writeStartElement(testCase.outcome() == Outcome.FAILED ? "failure" : "error");
          xml.writeAttribute("message", clean(result));
          xml.writeAttribute("type", clean(result.toUpperCase(Locale.ROOT)));
          xml.writeCharacters(clean(limit(testCase.text())));
          xml.writeEndElement();
        }
        case UNFINISHED -> {
          xml.writeEmptyElement("skipped");
          xml.writeAttribute("message", "not finished when the action stopped waiting");
        }
      }
    }
    xml.writeEndElement();
    xml.writeCharacters("\n");
  }

  private static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.3f", seconds);
  }

  private static String limit(String text) {
    return text.length() > TEXT_LIMIT ? text.substring(0, TEXT_LIMIT) + "\n[cut]" : text;
  }

  /** XML 1.0 cannot hold most control characters, even escaped. */
  static String clean(String text) {
    if (text == null) {
      return "";
    }
    var out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              boolean allowed =
                  c == 0x9
                      || c == 0xA
                      || c == 0xD
                      || (c >= 0x20 && c <= 0xD7FF)
                      || (c >= 0xE000 && c <= 0xFFFD)
                      || c >= 0x10000;
              out.appendCodePoint(allowed ? c : 0xFFFD);
            });
    return out.toString();
  }
}

package io.github.nunuaction.report;

import io.github.nunuaction.config.Quarantine;
import io.github.nunuaction.nunu.RunDetails.Player;
import io.github.nunuaction.nunu.RunDetails.Step;
import io.github.nunuaction.results.Excuses;
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
 * errors, unfinished and retried runs are skipped; the failure text is the step reports. Tries of
 * {@code retry-failed} are written as Maven Surefire writes reruns: a flaky test passes with a
 * {@code <flakyFailure>} (or {@code <flakyError>}) per failed try, a test that failed every try has
 * its first try's {@code <failure>} and a {@code <rerunFailure>} per later try; a quarantined
 * failure is {@code <skipped>} with the quarantine's reason.
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

  /** How the step judged the job: as it ended, flaky, or excused by the quarantine. */
  private enum Mark {
    PLAIN,
    FLAKY,
    FLAKY_FAILS,
    QUARANTINED
  }

  /** A case of the latest try, the same case of each earlier try, and the job's mark. */
  private record Written(Case latest, List<Case> earlier, Mark mark, String excuse) {
    /** How reporters count it. */
    Outcome counted() {
      if (latest.superseded()) {
        return Outcome.UNFINISHED;
      }
      return switch (mark) {
        case FLAKY -> Outcome.PASSED;
        case FLAKY_FAILS -> Outcome.FAILED;
        case QUARANTINED -> Outcome.UNFINISHED;
        case PLAIN -> latest.outcome();
      };
    }
  }

  public static String render(Results results) {
    try {
      var out = new StringWriter();
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      var suites = new ArrayList<List<Written>>();
      for (JobResult job : results.jobs()) {
        suites.add(written(results, job));
      }
      var all = suites.stream().flatMap(List::stream).toList();
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "nunu.ai");
      counts(xml, all);
      xml.writeCharacters("\n");
      for (int i = 0; i < suites.size(); i++) {
        List<Written> cases = suites.get(i);
        JobResult job = results.jobs().get(i);
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", clean(job.displayName()));
        counts(xml, cases);
        xml.writeCharacters("\n");
        for (Written testCase : cases) {
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

  /** The latest try's cases, each with the same case (by position) of the earlier tries. */
  private static List<Written> written(Results results, JobResult job) {
    Excuses excuses = results.review().excuses();
    Quarantine.Entry entry = excuses.excusing(job);
    Mark mark =
        entry != null
            ? Mark.QUARANTINED
            : excuses.isFlaky(job)
                ? excuses.flakyFails() ? Mark.FLAKY_FAILS : Mark.FLAKY
                : Mark.PLAIN;
    String excuse =
        entry == null
            ? null
            : "quarantined: "
                + entry.reason()
                + " ("
                + entry.terms()
                + ", "
                + entry.describe()
                + ")";
    List<JobResult> tries = results.triesOf(job);
    List<List<Case>> earlier =
        tries.subList(0, tries.size() - 1).stream().map(JunitXml::counted).toList();
    var written = new ArrayList<Written>();
    List<Case> latest = cases(job);
    for (int i = 0; i < latest.size(); i++) {
      int at = i;
      written.add(
          new Written(
              latest.get(i),
              earlier.stream()
                  .filter(cases -> cases.size() > at)
                  .map(cases -> cases.get(at))
                  .toList(),
              mark,
              excuse));
    }
    return written;
  }

  /** The cases of a try that count (not an attempt a nunu retry replaced). */
  private static List<Case> counted(JobResult job) {
    return cases(job).stream().filter(c -> !c.superseded()).toList();
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

  private static void counts(XMLStreamWriter xml, List<Written> cases) throws XMLStreamException {
    xml.writeAttribute("tests", String.valueOf(cases.size()));
    xml.writeAttribute(
        "failures",
        String.valueOf(cases.stream().filter(c -> c.counted() == Outcome.FAILED).count()));
    xml.writeAttribute(
        "errors",
        String.valueOf(cases.stream().filter(c -> c.counted() == Outcome.ERRORED).count()));
    xml.writeAttribute(
        "skipped",
        String.valueOf(cases.stream().filter(c -> c.counted() == Outcome.UNFINISHED).count()));
    xml.writeAttribute(
        "time", seconds(cases.stream().mapToDouble(c -> c.latest().seconds()).sum()));
  }

  private static void write(XMLStreamWriter xml, Written written) throws XMLStreamException {
    Case testCase = written.latest();
    xml.writeCharacters("  ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("name", clean(testCase.name()));
    xml.writeAttribute("classname", clean(testCase.className()));
    xml.writeAttribute("time", seconds(testCase.seconds()));
    String result = result(testCase);
    if (testCase.superseded()) {
      xml.writeEmptyElement("skipped");
      xml.writeAttribute("message", "attempt replaced by a retry (" + clean(result) + ")");
    } else if (written.mark() == Mark.QUARANTINED) {
      xml.writeEmptyElement("skipped");
      xml.writeAttribute("message", clean(written.excuse()));
      xml.writeStartElement("system-out");
      xml.writeCharacters(clean(limit("Result: " + result + "\n" + testCase.text())));
      xml.writeEndElement();
    } else if (written.mark() == Mark.FLAKY || written.mark() == Mark.FLAKY_FAILS) {
      if (written.mark() == Mark.FLAKY_FAILS) {
        xml.writeStartElement("failure");
        xml.writeAttribute("message", "flaky: failed, then passed (fail-on-flaky: true)");
        xml.writeAttribute("type", "FLAKY");
        xml.writeEndElement();
      }
      var tries = new ArrayList<>(written.earlier());
      tries.add(testCase);
      for (Case failed : tries) {
        if (failed.outcome() == Outcome.FAILED || failed.outcome() == Outcome.ERRORED) {
          rerun(xml, failed.outcome() == Outcome.FAILED ? "flakyFailure" : "flakyError", failed);
        }
      }
    } else {
      switch (testCase.outcome()) {
        case PASSED -> {}
        case FAILED, ERRORED -> {
          // Surefire's order: the first try's failure, then one element per rerun.
          Case first = written.earlier().isEmpty() ? testCase : written.earlier().get(0);
          xml.writeStartElement(testCase.outcome() == Outcome.FAILED ? "failure" : "error");
          xml.writeAttribute("message", clean(result(first)));
          xml.writeAttribute("type", clean(result(first).toUpperCase(Locale.ROOT)));
          xml.writeCharacters(clean(limit(first.text())));
          xml.writeEndElement();
          var reruns = new ArrayList<>(written.earlier());
          reruns.add(testCase);
          for (Case rerun : reruns.subList(1, reruns.size())) {
            rerun(xml, rerun.outcome() == Outcome.ERRORED ? "rerunError" : "rerunFailure", rerun);
          }
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

  /** A rerun element as Surefire writes it: message, type, and the text as its stack trace. */
  private static void rerun(XMLStreamWriter xml, String element, Case tried)
      throws XMLStreamException {
    xml.writeStartElement(element);
    xml.writeAttribute("message", clean(result(tried)));
    xml.writeAttribute("type", clean(result(tried).toUpperCase(Locale.ROOT)));
    xml.writeStartElement("stackTrace");
    xml.writeCharacters(clean(limit(tried.name() + "\n" + tried.text())));
    xml.writeEndElement();
    xml.writeEndElement();
  }

  private static String result(Case testCase) {
    return testCase.result() == null ? "NO RESULT" : testCase.result();
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

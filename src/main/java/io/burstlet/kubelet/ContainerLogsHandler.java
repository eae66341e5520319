package io.burstlet.kubelet;

import com.sun.net.httpserver.HttpExchange;
import io.burstlet.kubelet.PodLocator.LocatedPod;
import io.burstlet.provider.LogOptions;
import io.burstlet.provider.ProviderException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /containerLogs/{namespace}/{pod}/{container}} with the kubelet's query parameters
 * ({@code tailLines}, {@code timestamps}, {@code sinceSeconds}, {@code previous}, {@code follow}),
 * answered from the provider. Clouds have no log stream, so {@code follow} polls the recent part of
 * the log and writes the lines newer than the last one written ({@link LogFollower}), until the pod
 * ends or the caller hangs up.
 */
final class ContainerLogsHandler {
  private final PodLocator pods;

  /** The longest wait between two polls of a log that has gone quiet. */
  static final Duration QUIET_POLL = Duration.ofSeconds(10);

  private final Duration followInterval;
  private final Clock clock;

  ContainerLogsHandler(PodLocator pods, Duration followInterval, Clock clock) {
    this.pods = pods;
    this.followInterval = followInterval;
    this.clock = clock;
  }

  /**
   * Answers the request. Bad parameters and cloud errors before the first byte become a
   * KubeletHttpException; once streaming, an error ends the stream.
   */
  void serve(LocatedPod pod, String container, Map<String, String> query, HttpExchange exchange)
      throws IOException, KubeletHttpException {
    Integer tail = intParam(query, "tailLines");
    Integer since = intParam(query, "sinceSeconds");
    boolean timestamps = Boolean.parseBoolean(query.getOrDefault("timestamps", "false"));
    boolean previous = Boolean.parseBoolean(query.getOrDefault("previous", "false"));
    boolean follow = Boolean.parseBoolean(query.getOrDefault("follow", "false"));
    // Following asks for timestamps whatever the caller wants, to know which lines are new.
    String first =
        fetch(
            pod,
            container,
            new LogOptions(follow ? null : tail, timestamps || follow, since, previous));
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!follow) {
        out.write(first.getBytes(StandardCharsets.UTF_8));
        return;
      }
      // Everything once (cut to the tail), then only what is newer than the last line written.
      LogFollower cursor = new LogFollower();
      List<LogFollower.Line> written = cursor.next(lines(first));
      writeLines(
          out,
          tail == null
              ? written
              : written.subList(Math.max(0, written.size() - tail), written.size()),
          timestamps);
      Duration wait = followInterval;
      while (!pod.terminated()) {
        Thread.sleep(wait.toMillis());
        Optional<LocatedPod> again = pods.find(pod.ref().namespace(), pod.ref().name());
        if (again.isEmpty()) {
          return;
        }
        pod = again.get();
        LogOptions recent =
            new LogOptions(null, true, cursor.sinceSeconds(clock.instant()), previous);
        List<LogFollower.Line> fresh = cursor.next(lines(fetch(pod, container, recent)));
        writeLines(out, fresh, timestamps);
        // A quiet log is polled less and less often: a caller who left is only noticed when a
        // line is written, so an abandoned stream costs at most one cloud call per QUIET_POLL.
        wait = fresh.isEmpty() ? min(wait.multipliedBy(2), QUIET_POLL) : followInterval;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (KubeletHttpException e) {
      // Mid-stream the status line is sent already; ending the stream is all we can do.
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String fetch(LocatedPod pod, String container, LogOptions options)
      throws KubeletHttpException {
    try {
      return pod.provider().containerLogs(pod.ref(), container, options);
    } catch (ProviderException e) {
      throw new KubeletHttpException(502, "cannot read logs from the cloud: " + e.getMessage());
    }
  }

  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static void writeLines(OutputStream out, List<LogFollower.Line> lines, boolean timestamps)
      throws IOException {
    if (lines.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    for (LogFollower.Line line : lines) {
      sb.append(timestamps ? line.text() : line.bare()).append('\n');
    }
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static Integer intParam(Map<String, String> query, String name)
      throws KubeletHttpException {
    String v = query.get(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new KubeletHttpException(400, name + " must be a non-negative integer");
    }
  }
}

package io.burstlet.emulator.eci;

import io.burstlet.emulator.LogLine;
import io.burstlet.emulator.SimulatedProcess;
import io.burstlet.emulator.SimulatedProgram;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code ExecContainerCommand} on a running container. With {@code Sync=true} (which requires
 * {@code TTY=false}) the command runs in the simulated shell ({@link SimulatedProgram}: echo,
 * sleep, exit; environment variables expand) and its output is returned at once as {@code
 * SyncResponse}. Otherwise the answer carries a {@code WebSocketUri} and {@code HttpUrl} with a
 * one-time token, as the service does — but the emulator does not serve those sessions (ECI's exec
 * WebSocket protocol is not documented in the reference), so interactive exec is out of scope.
 */
final class ExecContainerCommandAction implements EciAction {

  private final EciRegion region;
  private final Supplier<URI> baseUri;
  private final SecureRandom random = new SecureRandom();

  ExecContainerCommandAction(EciRegion region, Supplier<URI> baseUri) {
    this.region = region;
    this.baseUri = baseUri;
  }

  @Override
  public Map<String, Object> handle(EciParameters p) {
    region.checkRegion(p, true);
    String name = p.required("ContainerName");
    p.required("Command");
    List<String> command = p.jsonStrings("Command", 20);
    if (command.isEmpty() || command.stream().anyMatch(c -> c.length() > 256)) {
      throw EciErrors.invalidParameter("Command", "1 to 20 strings of at most 256 characters");
    }
    boolean tty = p.bool("TTY", false);
    boolean sync = p.bool("Sync", false);
    p.bool("Stdin", true);
    if (sync && tty) {
      throw EciErrors.invalidParameter("TTY", "must be false when Sync is true");
    }
    GroupView view = region.view(p.required("ContainerGroupId"));
    GroupView.ContainerView container = DescribeContainerLogAction.find(view, name);
    if (!container.running()) {
      throw EciErrors.incorrectStatus(
          "The container "
              + name
              + " of container group "
              + view.group().id()
              + " is not running.");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (sync) {
      body.put("SyncResponse", run(container, command));
      return body;
    }
    byte[] secret = new byte[16];
    random.nextBytes(secret);
    String token = HexFormat.of().formatHex(secret);
    URI base = baseUri.get();
    String webSocketScheme = base.getScheme().equals("https") ? "wss" : "ws";
    body.put("WebSocketUri", webSocketScheme + "://" + base.getAuthority() + "/exec/?s=" + token);
    body.put("HttpUrl", base + "/terminal?param=" + token);
    return body;
  }

  /** Every line the command echoes, as if it ran to completion at once. */
  private static String run(GroupView.ContainerView container, List<String> command) {
    Map<String, String> env = new LinkedHashMap<>();
    container.spec().env().forEach(v -> env.put(v.key(), v.value()));
    SimulatedProgram program = SimulatedProgram.parse(command, List.of(), env);
    StringBuilder output = new StringBuilder();
    // Run from the epoch and read at the end of time: sleeps take no real time.
    for (LogLine line : SimulatedProcess.start(program, Instant.EPOCH).logs(Instant.MAX)) {
      output.append(line.text()).append('\n');
    }
    return output.toString();
  }
}

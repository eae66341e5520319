package io.burstlet.emulator.aci;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.burstlet.emulator.PullCredential;
import io.burstlet.emulator.RestartPolicy;
import io.burstlet.emulator.SimulatedProbe;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A validated container group definition: the request body as ACI keeps it ({@link
 * RequestNormaliser}; kept to echo it back, secrets included — {@link ContainerGroupRenderer}
 * strips them) plus the parts the emulator acts on. Immutable; {@link #toString()} never prints the
 * body, credentials or environment.
 */
final class ContainerGroupSpec {

  /**
   * One container or init container; {@code env} includes secure values, for $VAR expansion. Init
   * containers have no resources (all zero), ports or probes; limits and probes are null when not
   * given.
   */
  record ContainerSpec(
      String name,
      String image,
      List<String> command,
      Map<String, String> env,
      double cpu,
      double memoryGb,
      int gpu,
      Double cpuLimit,
      Double memoryLimitGb,
      Set<Integer> ports,
      ProbeSpec livenessProbe,
      ProbeSpec readinessProbe) {
    ContainerSpec {
      command = List.copyOf(command);
      env = Map.copyOf(env);
      ports = Set.copyOf(ports);
    }

    @Override
    public String toString() {
      return "ContainerSpec[" + name + ", " + image + "]";
    }
  }

  /** A container's liveness or readiness probe as sent: what it does and when. */
  record ProbeSpec(SimulatedProbe.Action action, SimulatedProbe.Timing timing) {}

  private final JsonObject body;
  private final String location;
  private final String osType;
  private final RestartPolicy restartPolicy;
  private final List<ContainerSpec> containers;
  private final List<ContainerSpec> initContainers;
  private final List<PullCredential> credentials;
  private final List<String> subnetIds;
  private final boolean hasIpAddress;

  ContainerGroupSpec(
      JsonObject body,
      String location,
      String osType,
      RestartPolicy restartPolicy,
      List<ContainerSpec> containers,
      List<ContainerSpec> initContainers,
      List<PullCredential> credentials,
      List<String> subnetIds,
      boolean hasIpAddress) {
    this.body = body.deepCopy();
    this.location = Objects.requireNonNull(location, "location");
    this.osType = Objects.requireNonNull(osType, "osType");
    this.restartPolicy = Objects.requireNonNull(restartPolicy, "restartPolicy");
    this.containers = List.copyOf(containers);
    this.initContainers = List.copyOf(initContainers);
    this.credentials = List.copyOf(credentials);
    this.subnetIds = List.copyOf(subnetIds);
    this.hasIpAddress = hasIpAddress;
  }

  /** A copy of the body as sent; callers may change the copy. */
  JsonObject body() {
    return body.deepCopy();
  }

  /** The same spec with the body's {@code tags} replaced (ARM PATCH); null removes them. */
  ContainerGroupSpec withTags(JsonElement tags) {
    JsonObject copy = body.deepCopy();
    copy.remove("tags");
    if (tags != null && !tags.isJsonNull()) {
      copy.add("tags", tags.deepCopy());
    }
    return new ContainerGroupSpec(
        copy,
        location,
        osType,
        restartPolicy,
        containers,
        initContainers,
        credentials,
        subnetIds,
        hasIpAddress);
  }

  /**
   * The files of secret volume {@code name}, decoded from base64 (values that are not base64 as
   * sent); empty when the group has no secret volume of that name.
   */
  Optional<Map<String, String>> secretVolume(String name) {
    JsonElement volumes = body.getAsJsonObject("properties").get("volumes");
    if (volumes == null || !volumes.isJsonArray()) {
      return Optional.empty();
    }
    for (JsonElement element : volumes.getAsJsonArray()) {
      if (element.isJsonObject()
          && element.getAsJsonObject().get("name") instanceof JsonPrimitive volumeName
          && volumeName.getAsString().equals(name)
          && element.getAsJsonObject().get("secret") instanceof JsonObject secret) {
        Map<String, String> files = new LinkedHashMap<>();
        secret.entrySet().forEach(e -> files.put(e.getKey(), decode(e.getValue())));
        return Optional.of(Collections.unmodifiableMap(files));
      }
    }
    return Optional.empty();
  }

  private static String decode(JsonElement value) {
    String text = value.isJsonPrimitive() ? value.getAsString() : value.toString();
    try {
      return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /** The location, normalised the way ARM returns it ({@code West US} → {@code westus}). */
  String location() {
    return location;
  }

  String osType() {
    return osType;
  }

  RestartPolicy restartPolicy() {
    return restartPolicy;
  }

  List<ContainerSpec> containers() {
    return containers;
  }

  List<ContainerSpec> initContainers() {
    return initContainers;
  }

  List<PullCredential> credentials() {
    return credentials;
  }

  /** The subnet the group's IP comes from (the first of {@code subnetIds}), or null. */
  String subnetId() {
    return subnetIds.isEmpty() ? null : subnetIds.get(0);
  }

  boolean hasIpAddress() {
    return hasIpAddress;
  }

  double totalCpu() {
    return containers.stream().mapToDouble(ContainerSpec::cpu).sum();
  }

  double totalMemoryGb() {
    return containers.stream().mapToDouble(ContainerSpec::memoryGb).sum();
  }

  int totalGpu() {
    return containers.stream().mapToInt(ContainerSpec::gpu).sum();
  }

  /**
   * True when {@code other} asks for the same deployment (properties and zones equal), so a PUT of
   * it changes nothing that runs — tags may still differ.
   */
  boolean sameDeploymentAs(ContainerGroupSpec other) {
    return Objects.equals(body.get("properties"), other.body.get("properties"))
        && Objects.equals(body.get("zones"), other.body.get("zones"));
  }

  /**
   * True when {@code other} keeps what ACI refuses to change on an existing group ("you must delete
   * it first"): OS type, restart policy, network (subnets), and the group's CPU, memory and GPU
   * resources.
   */
  boolean updatableTo(ContainerGroupSpec other) {
    return osType.equalsIgnoreCase(other.osType)
        && restartPolicy == other.restartPolicy
        && lowerCase(subnetIds).equals(lowerCase(other.subnetIds))
        && totalCpu() == other.totalCpu()
        && totalMemoryGb() == other.totalMemoryGb()
        && totalGpu() == other.totalGpu();
  }

  private static List<String> lowerCase(List<String> values) {
    return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
  }

  @Override
  public String toString() {
    return "ContainerGroupSpec[" + location + ", containers=" + containers + "]";
  }
}

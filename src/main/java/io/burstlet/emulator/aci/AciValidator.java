package io.burstlet.emulator.aci;

import static io.burstlet.emulator.aci.ArmErrors.error;
import static io.burstlet.emulator.aci.ArmErrors.invalidContent;
import static io.burstlet.emulator.aci.ArmErrors.missingProperty;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.burstlet.emulator.PrivateRegistries;
import io.burstlet.emulator.PullCredential;
import io.burstlet.emulator.RestartPolicy;
import io.burstlet.emulator.SimulatedProbe;
import io.burstlet.emulator.aci.ArmErrors.ArmException;
import io.burstlet.emulator.aci.ContainerGroupSpec.ContainerSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a container group PUT body the way ARM and ACI do, in their order: the resource name, the
 * request's shape (required properties, JSON types), then ACI's own rules (OS type, names, resource
 * requests and limits, per-group limits, subnets, images). Every refusal is an {@link ArmException}
 * with ACI's code; see {@link AciEmulator} for the list and where each came from.
 */
final class AciValidator {

  /** ACI's name rule for groups and containers, quoted in its own error messages. */
  static final String NAME_REGEX = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  static final int MAX_CONTAINERS = 60;
  static final int MAX_VOLUMES = 20;
  static final int MAX_PORTS_PER_IP = 5;

  private static final Pattern NAME = Pattern.compile(NAME_REGEX);
  private static final String SINCE = "It is required since API version '2017-07-01-preview'.";

  private final AciSettings settings;
  private final IpAllocator subnets;

  AciValidator(AciSettings settings, IpAllocator subnets) {
    this.settings = settings;
    this.subnets = subnets;
  }

  /** Validates the body of {@code PUT …/containerGroups/{name}}. */
  ContainerGroupSpec validate(String groupName, JsonElement parsed) {
    checkGroupName(groupName);
    JsonObject body = object(parsed, "");
    String location = string(body, "location", "");
    if (location == null || location.isBlank()) {
      throw error(
          400, "LocationRequired", "The location property is required for this definition.");
    }
    JsonObject properties = requireObject(body, "properties", "");
    JsonArray containers = array(properties, "containers", "properties");
    if (containers == null) {
      throw missingProperty("containers", "properties");
    }
    String osType = string(properties, "osType", "properties");
    if (osType == null
        || !(osType.equalsIgnoreCase("Linux") || osType.equalsIgnoreCase("Windows"))) {
      throw error(
          400,
          "InvalidOsType",
          "The 'osType' for container group '"
              + groupName
              + "' is invalid. The value must be one of 'Windows,Linux'.");
    }
    if (containers.isEmpty()) {
      throw invalidContent("Property 'containers' of container group '" + groupName + "' is empty");
    }
    if (containers.size() > MAX_CONTAINERS) {
      throw error(
          400,
          "TooManyContainers",
          "The container group '"
              + groupName
              + "' has "
              + containers.size()
              + " containers; at most "
              + MAX_CONTAINERS
              + " are allowed per container group.");
    }
    List<ContainerSpec> mains = new ArrayList<>();
    for (int i = 0; i < containers.size(); i++) {
      mains.add(container(containers.get(i), "properties.containers[" + i + "]", groupName, false));
    }
    List<ContainerSpec> inits = new ArrayList<>();
    JsonArray initContainers = array(properties, "initContainers", "properties");
    if (initContainers != null) {
      for (int i = 0; i < initContainers.size(); i++) {
        inits.add(
            container(
                initContainers.get(i), "properties.initContainers[" + i + "]", groupName, true));
      }
    }
    RestartPolicy restartPolicy = restartPolicy(string(properties, "restartPolicy", "properties"));
    checkVolumes(properties, groupName);
    boolean hasIpAddress = checkIpAddress(properties, groupName);
    List<PullCredential> credentials = credentials(properties, groupName, mains.size());
    List<String> subnetIds = subnetIds(properties, groupName);
    String canonicalOsType = osType.equalsIgnoreCase("Linux") ? "Linux" : "Windows";
    String canonicalLocation = location.replace(" ", "").toLowerCase(Locale.ROOT);
    ContainerGroupSpec spec =
        new ContainerGroupSpec(
            RequestNormaliser.normalise(body, canonicalLocation, canonicalOsType, restartPolicy),
            canonicalLocation,
            canonicalOsType,
            restartPolicy,
            mains,
            inits,
            credentials,
            subnetIds,
            hasIpAddress);
    checkGroupResources(spec, groupName);
    if (settings.pullFailure() == AciEmulator.PullFailure.REJECT_AT_CREATE) {
      checkImagesAccessible(spec, groupName);
    }
    return spec;
  }

  /** 400 when an update would change what ACI only sets at creation. */
  static ArmException immutableChange(String groupName) {
    return error(
        400,
        "InvalidContainerGroupUpdate",
        "The updates on container group '"
            + groupName
            + "' are invalid. If you are going to update the os type, restart policy, network"
            + " profile, CPU, memory or GPU resources for a container group, you must delete it"
            + " first and then create a new one.");
  }

  /** ARM's refusal to move an existing resource to another location. */
  static ArmException locationChange(ArmId id, String existing, String requested) {
    return error(
        409,
        "InvalidResourceLocation",
        "The resource '"
            + id.name()
            + "' already exists in location '"
            + existing
            + "' in resource group '"
            + id.resourceGroup()
            + "'. A resource with the same name cannot be created in location '"
            + requested
            + "'. Please select a new resource name.");
  }

  /** ACI's regional core quota refusal. */
  static ArmException quotaReached(String location, int limit, double usage, double requested) {
    return error(
        400,
        "ContainerGroupQuotaReached",
        "Resource type 'Microsoft.ContainerInstance/containerGroups' container group quota"
            + " 'StandardCores' exceeded in region '"
            + location
            + "'. Limit: '"
            + limit
            + "', Usage: '"
            + number(usage)
            + "' Requested: '"
            + number(requested)
            + "'.");
  }

  private static void checkGroupName(String name) {
    if (name.length() > 63 || !NAME.matcher(name).matches()) {
      throw error(
          400,
          "InvalidContainerGroupName",
          "The container group name '"
              + name
              + "' is invalid. The container group name must contain no more than 63 characters"
              + " and must match the regex '"
              + NAME_REGEX
              + "' (e.g. 'my-name').");
    }
  }

  private ContainerSpec container(JsonElement element, String path, String group, boolean init) {
    JsonObject container = object(element, path);
    String name = string(container, "name", path);
    if (name == null) {
      throw missingProperty("name", path);
    }
    if (name.length() > 63 || !NAME.matcher(name).matches()) {
      throw error(
          400,
          "InvalidContainerName",
          "The container name '"
              + name
              + "' in container group '"
              + group
              + "' is invalid. The container name must contain no more than 63 characters and"
              + " must match the regex '"
              + NAME_REGEX
              + "' (e.g. 'my-name').");
    }
    String propertiesPath = path + ".properties";
    JsonObject properties = requireObject(container, "properties", path);
    String image = string(properties, "image", propertiesPath);
    if (image == null) {
      throw missingProperty("image", propertiesPath);
    }
    List<String> command = strings(properties, "command", propertiesPath);
    Map<String, String> env = environment(properties, propertiesPath);
    if (init) {
      // Init containers declare no resources: they run inside the group's allocation.
      return new ContainerSpec(
          name, image, command, env, 0, 0, 0, null, null, Set.of(), null, null);
    }
    JsonObject resources = requireObject(properties, "resources", propertiesPath);
    JsonObject requests = object(resources, "requests", propertiesPath + ".resources");
    Double cpu = requests == null ? null : number(requests, "cpu", "requests");
    Double memory = requests == null ? null : number(requests, "memoryInGB", "requests");
    if (cpu == null && memory == null) {
      throw error(
          400,
          "ResourceRequestsNotSpecified",
          "The resource requests are not specified in container '"
              + name
              + "' of contain group '"
              + group
              + "'. Both memory and CPU requests are required since API version"
              + " '2017-07-01-preview'.");
    }
    if (cpu == null || memory == null) {
      throw error(
          400,
          "ResourceSomeRequestsNotSpecified",
          "The '"
              + (cpu == null ? "Cpu" : "MemoryInGB")
              + "' request is not specified in container '"
              + name
              + "' of contain group '"
              + group
              + "'. "
              + SINCE);
    }
    JsonObject gpu = object(requests, "gpu", "requests");
    Double gpuCount = gpu == null ? null : number(gpu, "count", "requests.gpu");
    JsonObject limits = object(resources, "limits", propertiesPath + ".resources");
    Double cpuLimit = limits == null ? null : number(limits, "cpu", "limits");
    Double memoryLimit = limits == null ? null : number(limits, "memoryInGB", "limits");
    checkLimit(cpuLimit, cpu, "Cpu", resources, name, group);
    checkLimit(memoryLimit, memory, "MemoryInGB", resources, name, group);
    return new ContainerSpec(
        name,
        image,
        command,
        env,
        cpu,
        memory,
        gpuCount == null ? 0 : gpuCount.intValue(),
        cpuLimit,
        memoryLimit,
        ports(properties, propertiesPath),
        probe(properties, "livenessProbe", propertiesPath),
        probe(properties, "readinessProbe", propertiesPath));
  }

  /** The container's declared ports ({@code ports[].port}). */
  private static Set<Integer> ports(JsonObject properties, String path) {
    JsonArray ports = array(properties, "ports", path);
    Set<Integer> result = new LinkedHashSet<>();
    for (int i = 0; ports != null && i < ports.size(); i++) {
      String at = path + ".ports[" + i + "]";
      Double port = number(object(ports.get(i), at), "port", at);
      if (port == null) {
        throw missingProperty("port", at);
      }
      result.add(port.intValue());
    }
    return result;
  }

  /**
   * A liveness or readiness probe: {@code exec.command} or {@code httpGet} (port required), with
   * unset timings at Kubernetes' defaults. A probe with neither handler is kept by ACI but never
   * runs, so it is null here.
   */
  private static ContainerGroupSpec.ProbeSpec probe(
      JsonObject properties, String name, String path) {
    JsonObject probe = object(properties, name, path);
    if (probe == null) {
      return null;
    }
    String at = join(path, name);
    SimulatedProbe.Timing timing;
    try {
      timing =
          SimulatedProbe.Timing.of(
              integer(probe, "initialDelaySeconds", at),
              integer(probe, "periodSeconds", at),
              integer(probe, "timeoutSeconds", at),
              integer(probe, "successThreshold", at),
              integer(probe, "failureThreshold", at));
    } catch (IllegalArgumentException e) {
      throw invalidContent(e.getMessage() + ". Path '" + at);
    }
    JsonObject exec = object(probe, "exec", at);
    if (exec != null) {
      List<String> command = strings(exec, "command", at + ".exec");
      if (command.isEmpty()) {
        throw missingProperty("command", at + ".exec");
      }
      return new ContainerGroupSpec.ProbeSpec(new SimulatedProbe.Exec(command), timing);
    }
    JsonObject httpGet = object(probe, "httpGet", at);
    if (httpGet != null) {
      Double port = number(httpGet, "port", at + ".httpGet");
      if (port == null) {
        throw missingProperty("port", at + ".httpGet");
      }
      if (port < 1 || port > 65535) {
        throw invalidContent("Port must be between 1 and 65535. Path '" + at + ".httpGet.port");
      }
      return new ContainerGroupSpec.ProbeSpec(
          new SimulatedProbe.HttpGet(
              port.intValue(),
              string(httpGet, "path", at + ".httpGet"),
              string(httpGet, "scheme", at + ".httpGet")),
          timing);
    }
    return null;
  }

  private static Integer integer(JsonObject parent, String name, String path) {
    Double value = number(parent, name, path);
    return value == null ? null : value.intValue();
  }

  private static void checkLimit(
      Double limit, double request, String what, JsonObject resources, String name, String group) {
    if (limit != null && limit < request) {
      throw error(
          400,
          "ResourceLimitsLessThanRequests",
          "The resource requirement '"
              + resources
              + "' in container '"
              + name
              + "' of contain group '"
              + group
              + "' is invalid. The '"
              + what
              + "' limit value must be greater than or equal to the request value.");
    }
  }

  private void checkGroupResources(ContainerGroupSpec spec, String group) {
    double cpu = spec.totalCpu();
    double memory = spec.totalMemoryGb();
    // A container may use up to the whole group's request through its limit, never more.
    for (ContainerSpec container : spec.containers()) {
      if (container.cpuLimit() != null && container.cpuLimit() > cpu) {
        throw limitAboveGroup("Cpu", container.cpuLimit(), cpu, container.name(), group);
      }
      if (container.memoryLimitGb() != null && container.memoryLimitGb() > memory) {
        throw limitAboveGroup(
            "MemoryInGB", container.memoryLimitGb(), memory, container.name(), group);
      }
    }
    // ACI answers a group larger than the region offers as capacity it lacks (409), not as 400.
    if (cpu > settings.maxCpuPerGroup() || memory > settings.maxMemoryGbPerGroup()) {
      throw error(
          409,
          "ServiceUnavailable",
          "The requested resource is not available in the location '"
              + spec.location()
              + "' at this moment. Please retry with a different resource request or in another"
              + " location. Resource requested: '"
              + number(cpu)
              + "' CPU '"
              + number(memory)
              + "' GB memory '"
              + spec.osType()
              + "' OS");
    }
  }

  private static ArmException limitAboveGroup(
      String what, double limit, double total, String name, String group) {
    return error(
        400,
        "ContainerLimitGreaterThanContainerGroupTotalRequest",
        "The '"
            + what
            + "' limit '"
            + number(limit)
            + "' in container '"
            + name
            + "' is greater than the total request '"
            + number(total)
            + "' of container group '"
            + group
            + "'.");
  }

  private static void checkVolumes(JsonObject properties, String group) {
    JsonArray volumes = array(properties, "volumes", "properties");
    if (volumes == null) {
      return;
    }
    for (int i = 0; i < volumes.size(); i++) {
      JsonObject volume = object(volumes.get(i), "properties.volumes[" + i + "]");
      if (string(volume, "name", "properties.volumes[" + i + "]") == null) {
        throw missingProperty("name", "properties.volumes[" + i + "]");
      }
    }
    if (volumes.size() > MAX_VOLUMES) {
      throw error(
          400,
          "TooManyVolumes",
          "The container group '"
              + group
              + "' has "
              + volumes.size()
              + " volumes; at most "
              + MAX_VOLUMES
              + " are allowed per container group.");
    }
  }

  private static boolean checkIpAddress(JsonObject properties, String group) {
    JsonObject ip = object(properties, "ipAddress", "properties");
    if (ip == null) {
      return false;
    }
    String type = string(ip, "type", "properties.ipAddress");
    if (type == null) {
      throw missingProperty("type", "properties.ipAddress");
    }
    JsonArray ports = array(ip, "ports", "properties.ipAddress");
    if (ports == null) {
      throw missingProperty("ports", "properties.ipAddress");
    }
    for (int i = 0; i < ports.size(); i++) {
      String path = "properties.ipAddress.ports[" + i + "]";
      if (number(object(ports.get(i), path), "port", path) == null) {
        throw missingProperty("port", path);
      }
    }
    if (ports.size() > MAX_PORTS_PER_IP) {
      throw error(
          400,
          "TooManyPorts",
          "The IP address of container group '"
              + group
              + "' exposes "
              + ports.size()
              + " ports; at most "
              + MAX_PORTS_PER_IP
              + " ports are allowed per IP address.");
    }
    return true;
  }

  private static List<PullCredential> credentials(
      JsonObject properties, String group, int containerCount) {
    JsonArray credentials = array(properties, "imageRegistryCredentials", "properties");
    if (credentials == null) {
      return List.of();
    }
    List<PullCredential> result = new ArrayList<>();
    for (int i = 0; i < credentials.size(); i++) {
      String path = "properties.imageRegistryCredentials[" + i + "]";
      JsonObject credential = object(credentials.get(i), path);
      String server = string(credential, "server", path);
      if (server == null) {
        throw missingProperty("server", path);
      }
      String username = string(credential, "username", path);
      String password = string(credential, "password", path);
      result.add(
          new PullCredential(
              server, username == null ? "" : username, password == null ? "" : password));
    }
    if (result.size() > containerCount) {
      throw error(
          400,
          "MoreImageRegistryCredentialsThanContainers",
          "More image registry credentials provided than containers in container group '"
              + group
              + "'.");
    }
    return result;
  }

  private List<String> subnetIds(JsonObject properties, String group) {
    JsonArray subnetIds = array(properties, "subnetIds", "properties");
    if (subnetIds == null) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < subnetIds.size(); i++) {
      String path = "properties.subnetIds[" + i + "]";
      String id = string(object(subnetIds.get(i), path), "id", path);
      if (id == null) {
        throw missingProperty("id", path);
      }
      if (!id.startsWith("/subscriptions/") && !id.startsWith("/providers/")) {
        throw error(
            400,
            "LinkedInvalidPropertyId",
            "Property id '"
                + id
                + "' at path '"
                + path
                + ".id' is invalid. Expect fully qualified resource Id that start with"
                + " '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.");
      }
      if (!IpAllocator.SUBNET_ID.matcher(id).matches() || !subnets.known(id)) {
        throw error(
            400,
            "SubnetNotFound",
            "The subnet '" + id + "' of container group '" + group + "' could not be found.");
      }
      ids.add(id);
    }
    return ids;
  }

  private void checkImagesAccessible(ContainerGroupSpec spec, String group) {
    PrivateRegistries registries = settings.registries();
    List<ContainerSpec> all = new ArrayList<>(spec.initContainers());
    all.addAll(spec.containers());
    for (ContainerSpec container : all) {
      if (!registries.check(container.image(), spec.credentials()).allowed()) {
        throw error(
            400,
            "InaccessibleImage",
            "The image '"
                + container.image()
                + "' in container group '"
                + group
                + "' is not accessible. Please check the image and registry credential.");
      }
    }
  }

  private static RestartPolicy restartPolicy(String value) {
    if (value == null) {
      return RestartPolicy.ALWAYS;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "always" -> RestartPolicy.ALWAYS;
      case "onfailure" -> RestartPolicy.ON_FAILURE;
      case "never" -> RestartPolicy.NEVER;
      default ->
          throw invalidContent(
              "Property 'restartPolicy' must be one of 'Always', 'OnFailure', 'Never'. Path"
                  + " 'properties.restartPolicy");
    };
  }

  private static Map<String, String> environment(JsonObject properties, String path) {
    JsonArray variables = array(properties, "environmentVariables", path);
    Map<String, String> env = new LinkedHashMap<>();
    if (variables == null) {
      return env;
    }
    for (int i = 0; i < variables.size(); i++) {
      String at = path + ".environmentVariables[" + i + "]";
      JsonObject variable = object(variables.get(i), at);
      String name = string(variable, "name", at);
      if (name == null) {
        throw missingProperty("name", at);
      }
      String value = string(variable, "value", at);
      String secure = string(variable, "secureValue", at);
      env.put(name, secure != null ? secure : value == null ? "" : value);
    }
    return env;
  }

  // JSON access with ARM-style errors. Messages name paths, never values: bodies carry secrets.

  private static JsonObject object(JsonElement element, String path) {
    if (element == null || !element.isJsonObject()) {
      throw invalidContent("Expected an object. Path '" + path);
    }
    return element.getAsJsonObject();
  }

  private static JsonObject object(JsonObject parent, String name, String path) {
    JsonElement value = parent.get(name);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    return object(value, join(path, name));
  }

  private static JsonObject requireObject(JsonObject parent, String name, String path) {
    JsonObject value = object(parent, name, path);
    if (value == null) {
      throw missingProperty(name, path);
    }
    return value;
  }

  private static JsonArray array(JsonObject parent, String name, String path) {
    JsonElement value = parent.get(name);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    if (!value.isJsonArray()) {
      throw invalidContent("Expected an array. Path '" + join(path, name));
    }
    return value.getAsJsonArray();
  }

  private static String string(JsonObject parent, String name, String path) {
    JsonElement value = parent.get(name);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw invalidContent("Expected a string. Path '" + join(path, name));
    }
    return value.getAsString();
  }

  private static Double number(JsonObject parent, String name, String path) {
    JsonElement value = parent.get(name);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
      throw invalidContent("Expected a number. Path '" + join(path, name));
    }
    return value.getAsDouble();
  }

  private static List<String> strings(JsonObject parent, String name, String path) {
    JsonArray values = array(parent, name, path);
    List<String> result = new ArrayList<>();
    if (values != null) {
      for (JsonElement value : values) {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
          throw invalidContent("Expected an array of strings. Path '" + join(path, name));
        }
        result.add(value.getAsString());
      }
    }
    return result;
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** ACI prints whole numbers without a fraction: {@code '5' CPU '1.5' GB}. */
  static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}

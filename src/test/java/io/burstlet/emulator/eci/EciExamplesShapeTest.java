package io.burstlet.emulator.eci;

import static io.burstlet.emulator.eci.EciTestSupport.REGION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.burstlet.ReferenceData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every example body in the ECI reference examples ({@link ReferenceData#ECI}) has exactly the key
 * paths of the emulator's answer to the matching action, with the same kind of value at each path
 * (integers stay integers, {@code Cpu: 2.0} stays a decimal). Arrays are merged over their
 * elements. The group queried is built to exercise every field the examples show.
 */
class EciExamplesShapeTest {

  private static final Path EXAMPLES = ReferenceData.ECI.resolve("examples");

  private final EciTestSupport eci;

  EciExamplesShapeTest() throws Exception {
    eci = new EciTestSupport();
  }

  @AfterEach
  void stop() {
    eci.close();
  }

  @Test
  void everyExampleHasTheShapeOfTheEmulatorsAnswer() throws Exception {
    assertTrue(Files.isDirectory(EXAMPLES), "reference examples not found at " + EXAMPLES);
    String id = eci.create(richGroup());
    // Init container done, main container in its second run: CurrentState Running and a
    // Terminated PreviousState, as in the examples.
    eci.advance(5.5);
    Map<String, JsonElement> answers = new LinkedHashMap<>();
    answers.put("CreateContainerGroup", eci.callRaw("CreateContainerGroup", richGroup()));
    answers.put(
        "DescribeContainerGroups",
        eci.callRaw(
            "DescribeContainerGroups",
            Map.of(
                "RegionId", REGION, "ContainerGroupIds", "[\"" + id + "\"]", "WithEvent", "true")));
    answers.put(
        "DescribeContainerGroupStatus",
        eci.callRaw(
            "DescribeContainerGroupStatus",
            Map.of("RegionId", REGION, "ContainerGroupIds", "[\"" + id + "\"]")));
    answers.put(
        "DescribeContainerGroupEvents",
        eci.callRaw(
            "DescribeContainerGroupEvents",
            Map.of("RegionId", REGION, "ContainerGroupIds", "[\"" + id + "\"]")));
    Map<String, String> inGroup =
        Map.of("RegionId", REGION, "ContainerGroupId", id, "ContainerName", "nginx");
    answers.put("DescribeContainerLog", eci.callRaw("DescribeContainerLog", inGroup));
    Map<String, String> exec = new TreeMap<>(inGroup);
    exec.put("Command", "[\"/bin/sh\",\"-c\",\"echo Hello\"]");
    answers.put("ExecContainerCommand", eci.callRaw("ExecContainerCommand", exec));
    exec.put("Sync", "true");
    answers.put("ExecContainerCommand_Sync", eci.callRaw("ExecContainerCommand", exec));
    Map<String, String> group = Map.of("RegionId", REGION, "ContainerGroupId", id);
    answers.put("RestartContainerGroup", eci.callRaw("RestartContainerGroup", group));
    eci.advance(1);
    answers.put(
        "UpdateContainerGroup",
        eci.callRaw(
            "UpdateContainerGroup",
            Map.of(
                "RegionId", REGION, "ContainerGroupId", id, "Tag.1.Key", "k", "Tag.1.Value", "v")));
    answers.put("DeleteContainerGroup", eci.callRaw("DeleteContainerGroup", group));
    answers.put("Error", errorBody());

    List<Path> examples;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      examples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertEquals(11, examples.size(), "examples present: " + examples);
    for (Path example : examples) {
      String name = example.getFileName().toString().replace(".json", "");
      JsonElement answer = answers.get(name);
      assertTrue(answer != null, "no emulator answer for example " + name);
      assertEquals(
          shape(JsonParser.parseString(Files.readString(example))),
          shape(answer),
          "key paths and value kinds of " + name);
    }
  }

  /** A group using every feature the DescribeContainerGroups example shows. */
  private static Map<String, String> richGroup() {
    Map<String, String> q = new TreeMap<>();
    q.put("RegionId", REGION);
    q.put("ContainerGroupName", "test");
    q.put("SecurityGroupId", "sg-emulator");
    q.put("VSwitchId", "vsw-first");
    q.put("ResourceGroupId", "rg-emulator");
    q.put("EphemeralStorage", "20");
    q.put("Tag.1.Key", "name");
    q.put("Tag.1.Value", "test-xh");
    q.put("DnsConfig.NameServer.1", "100.100.2.136");
    q.put("DnsConfig.Search.1", "default.svc.cluster.local");
    q.put("DnsConfig.Option.1.Name", "ndots");
    q.put("DnsConfig.Option.1.Value", "2");
    q.put("SecurityContext.Sysctl.1.Name", "kernel.msgmax");
    q.put("SecurityContext.Sysctl.1.Value", "65536");
    q.put("HostAliase.1.Ip", "192.0.2.10");
    q.put("HostAliase.1.Hostname.1", "example.local");
    q.put("Volume.1.Name", "test-empty");
    q.put("Volume.1.Type", "EmptyDirVolume");
    q.put("Volume.1.EmptyDirVolume.SizeLimit", "256Mi");
    q.put("Volume.2.Name", "test-config");
    q.put("Volume.2.Type", "ConfigFileVolume");
    q.put("Volume.2.ConfigFileVolume.ConfigFileToPath.1.Path", "app.conf");
    q.put("Volume.2.ConfigFileVolume.ConfigFileToPath.1.Content", "aGVsbG8gd29ybGQ=");
    q.put("Volume.3.Name", "test-nfs");
    q.put("Volume.3.Type", "NFSVolume");
    q.put("Volume.3.NFSVolume.Server", "0eafxxxxx-xxxxx.cn-hangzhou.nas.aliyuncs.com");
    q.put("Volume.3.NFSVolume.Path", "/eci");
    q.put("InitContainer.1.Name", "init-busybox");
    q.put("InitContainer.1.Image", "busybox");
    q.put("InitContainer.1.Command.1", "/bin/sh");
    q.put("InitContainer.1.Arg.1", "-c");
    q.put("InitContainer.1.Arg.2", "echo init");
    q.put("InitContainer.1.Cpu", "1");
    q.put("InitContainer.1.Memory", "2");
    q.put("Container.1.Name", "nginx");
    q.put("Container.1.Image", "nginx");
    q.put("Container.1.ImagePullPolicy", "Always");
    q.put("Container.1.Command.1", "/bin/sh");
    q.put("Container.1.Arg.1", "-c");
    q.put("Container.1.Arg.2", "sleep 2; exit 0");
    q.put("Container.1.WorkingDir", "/usr/local/nginx");
    q.put("Container.1.Cpu", "2");
    q.put("Container.1.Memory", "4");
    q.put("Container.1.Port.1.Port", "80");
    q.put("Container.1.Port.1.Protocol", "TCP");
    q.put("Container.1.EnvironmentVar.1.Key", "PATH");
    q.put("Container.1.EnvironmentVar.1.Value", "/usr/bin/");
    q.put("Container.1.EnvironmentVar.2.Key", "POD_IP");
    q.put("Container.1.EnvironmentVar.2.FieldRef.FieldPath", "status.podIP");
    q.put("Container.1.VolumeMount.1.Name", "test-empty");
    q.put("Container.1.VolumeMount.1.MountPath", "/usr/share/");
    q.put("Container.1.ReadinessProbe.HttpGet.Path", "/");
    q.put("Container.1.ReadinessProbe.HttpGet.Port", "80");
    q.put("Container.1.ReadinessProbe.PeriodSeconds", "1");
    q.put("Container.1.LivenessProbe.TcpSocket.Port", "80");
    q.put("Container.1.LivenessProbe.InitialDelaySeconds", "10");
    q.put("Container.1.SecurityContext.RunAsUser", "1000");
    q.put("Container.1.SecurityContext.Capability.Add.1", "NET_ADMIN");
    return q;
  }

  /** An error answer: an unsigned request is refused before anything else. */
  private JsonElement errorBody() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(eci.emulator.baseUri() + "/?RegionId=" + REGION))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(400, response.statusCode());
    return JsonParser.parseString(response.body());
  }

  /** Every key path with the kind of value found there; array elements merge under "[]". */
  static Map<String, String> shape(JsonElement json) {
    Map<String, String> paths = new TreeMap<>();
    collect("$", json, paths);
    return paths;
  }

  private static void collect(String path, JsonElement json, Map<String, String> paths) {
    if (json.isJsonObject()) {
      paths.put(path, "object");
      json.getAsJsonObject()
          .entrySet()
          .forEach(e -> collect(path + "." + e.getKey(), e.getValue(), paths));
    } else if (json.isJsonArray()) {
      paths.put(path, "array");
      json.getAsJsonArray().forEach(e -> collect(path + "[]", e, paths));
    } else if (json.isJsonNull()) {
      paths.put(path, "null");
    } else {
      paths.put(path, kind(json.getAsJsonPrimitive()));
    }
  }

  private static String kind(JsonPrimitive value) {
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isString()) {
      return "string";
    }
    return value.getAsString().matches("-?\\d+") ? "integer" : "decimal";
  }
}

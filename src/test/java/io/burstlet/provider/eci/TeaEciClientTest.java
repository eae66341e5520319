package io.burstlet.provider.eci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.burstlet.config.ConfigException;
import io.burstlet.provider.CloudUnavailableException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wiring of the tea client that needs no server: configuration and transport failures. */
class TeaEciClientTest {

  @Test
  void buildsFromConfigReadingSecretFiles(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("id"), "LTAI-test-id\n");
    Files.writeString(dir.resolve("secret"), "very-secret-value\n");
    var config =
        EciFixtures.config(
                EciFixtures.REGION,
                "10.96.0.10",
                "credentials: {accessKeyIdFile: '"
                    + dir.resolve("id")
                    + "', accessKeySecretFile: '"
                    + dir.resolve("secret")
                    + "'}")
            .providers()
            .get(0);
    TeaEciClient client = TeaEciClient.fromConfig(config);
    assertEquals(EciEndpoint.forRegion("ap-northeast-1"), client.endpoint());
    assertFalse(client.toString().contains("very-secret-value"));
  }

  @Test
  void unreadableCredentialsAreAConfigErrorNamingTheSource() {
    var config =
        EciFixtures.config(
                EciFixtures.REGION,
                "10.96.0.10",
                "credentials: {accessKeyIdEnv: BURSTLET_TEST_UNSET_ID,"
                    + " accessKeySecretEnv: BURSTLET_TEST_UNSET_SECRET}")
            .providers()
            .get(0);
    var e = assertThrows(ConfigException.class, () -> TeaEciClient.fromConfig(config));
    assertTrue(e.getMessage().contains("BURSTLET_TEST_UNSET_ID"), e.getMessage());
  }

  @Test
  void unreachableEndpointIsUnavailableAndLeaksNothing() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: connections are refused
    }
    TeaEciClient client =
        new TeaEciClient(
            new EciEndpoint("127.0.0.1:" + port, "HTTP", null),
            "ap-northeast-1",
            "LTAI-test-id",
            "very-secret-value",
            Duration.ofSeconds(2));
    var request = requestWithSecrets();
    var e =
        assertThrows(CloudUnavailableException.class, () -> client.createContainerGroup(request));
    assertTrue(e.isAmbiguous(), "a create whose answer was lost may have happened");
    assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
    for (String secret : List.of("very-secret-value", "env-secret-1", "reg-secret-2")) {
      assertFalse(e.getMessage().contains(secret), e.getMessage());
    }
    var describe =
        assertThrows(
            CloudUnavailableException.class,
            () ->
                client.describeContainerGroups(
                    new DescribeContainerGroupsRequest(
                        "ap-northeast-1", null, List.of(), null, List.of(), 1, null)));
    assertFalse(describe.isAmbiguous());
  }

  @Test
  void secretParametersTravelInTheSignedFormBodyNeverInTheUrl() throws Exception {
    List<String> uris = new CopyOnWriteArrayList<>();
    List<String> contentTypes = new CopyOnWriteArrayList<>();
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          uris.add(exchange.getRequestURI().toString());
          contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] answer =
              "{\"RequestId\":\"R1\",\"ContainerGroupId\":\"eci-1\"}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
    try {
      TeaEciClient client =
          new TeaEciClient(
              new EciEndpoint("127.0.0.1:" + server.getAddress().getPort(), "HTTP", null),
              "ap-northeast-1",
              "LTAI-test-id",
              "very-secret-value",
              Duration.ofSeconds(5));

      assertEquals("eci-1", client.createContainerGroup(requestWithSecrets()).containerGroupId());

      assertEquals(1, uris.size());
      String uri = uris.get(0);
      assertEquals("/", URI.create(uri).getRawPath());
      assertEquals(null, URI.create(uri).getRawQuery(), "no parameter in the URL: " + uri);
      assertTrue(contentTypes.get(0).startsWith("application/x-www-form-urlencoded"));
      Map<String, String> form = new LinkedHashMap<>();
      for (String pair : bodies.get(0).split("&")) {
        int eq = pair.indexOf('=');
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      assertEquals("env-secret-1", form.get("Container.1.EnvironmentVar.1.Value"));
      assertEquals("reg-secret-2", form.get("ImageRegistryCredential.1.Password"));
      assertEquals("ap-northeast-1", form.get("RegionId"));
    } finally {
      server.stop(0);
    }
  }

  private static CreateContainerGroupRequest requestWithSecrets() {
    return new CreateContainerGroupRequest(
        "ap-northeast-1",
        "ap-northeast-1a",
        null,
        List.of(),
        "bl-x",
        "uid",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(
            new CreateContainerGroupRequest.Container(
                "c",
                "busybox",
                null,
                List.of(),
                List.of(),
                null,
                null,
                null,
                null,
                List.of(new CreateContainerGroupRequest.EnvVar("PASSWORD", "env-secret-1", null)),
                List.of(),
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null)),
        List.of(),
        List.of(),
        List.of(new CreateContainerGroupRequest.RegistryAuth("r.example", "u", "reg-secret-2")));
  }
}

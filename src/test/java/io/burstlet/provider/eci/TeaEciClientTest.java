package io.burstlet.provider.eci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.config.ConfigException;
import io.burstlet.provider.CloudUnavailableException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    var request =
        new CreateContainerGroupRequest(
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
                    List.of(
                        new CreateContainerGroupRequest.EnvVar("PASSWORD", "env-secret-1", null)),
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
            List.of(
                new CreateContainerGroupRequest.RegistryAuth("r.example", "u", "reg-secret-2")));
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
}

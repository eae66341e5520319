package io.burstlet.emulator.eci;

import static io.burstlet.emulator.eci.EciTestSupport.container;
import static io.burstlet.emulator.eci.EciTestSupport.createQuery;
import static io.burstlet.emulator.eci.EciTestSupport.list;
import static io.burstlet.emulator.eci.EciTestSupport.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.emulator.PrivateRegistries;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Images on a private registry start only with the matching ImageRegistryCredential. */
class EciPrivateRegistryTest {

  private static final String IMAGE = "registry.example.com/team/app:1.0";
  private static final String PASSWORD = "pa55-w0rd-secret";

  private final EciTestSupport eci;

  EciPrivateRegistryTest() throws Exception {
    eci =
        new EciTestSupport(
            b ->
                b.privateRegistries(
                    PrivateRegistries.none().with("registry.example.com", "robot", PASSWORD)));
  }

  @AfterEach
  void stop() {
    eci.close();
  }

  @Test
  void withoutCredentialsTheContainerWaitsOnImagePull() throws Exception {
    String id = eci.create(query(null, null));

    eci.advance(2);
    Map<String, Object> group = eci.describe(id);
    assertEquals("Pending", group.get("Status"));
    Map<String, Object> state = map(container(group, 0).get("CurrentState"));
    assertEquals("Waiting", state.get("State"));
    assertEquals("ErrImagePull", state.get("Reason"));
    assertTrue(((String) state.get("Message")).contains("no credentials"), state.toString());
    Map<String, Object> failed =
        list(group.get("Events")).stream()
            .filter(e -> e.get("Reason").equals("Failed"))
            .findFirst()
            .orElseThrow();
    assertEquals("Warning", failed.get("Type"));

    eci.advance(1);
    assertEquals(
        "ImagePullBackOff", map(container(eci.describe(id), 0).get("CurrentState")).get("Reason"));
  }

  @Test
  void wrongPasswordIsRefusedAndNeverEchoed() throws Exception {
    String id = eci.create(query("robot", "guess"));
    eci.advance(2);

    Map<String, Object> group = eci.describe(id);
    Map<String, Object> state = map(container(group, 0).get("CurrentState"));
    assertEquals("ErrImagePull", state.get("Reason"));
    assertTrue(((String) state.get("Message")).contains("incorrect username or password"));
    assertFalse(group.toString().contains("guess"));
  }

  @Test
  void matchingCredentialsLetTheContainerRunAndStaySecret() throws Exception {
    String id = eci.create(query("robot", PASSWORD));
    eci.advance(2);

    Map<String, Object> group = eci.describe(id);
    assertEquals("Running", group.get("Status"));
    assertFalse(group.toString().contains(PASSWORD));
    Map<String, Object> status =
        eci.call(
            "DescribeContainerGroupStatus",
            Map.of("RegionId", EciTestSupport.REGION, "ContainerGroupIds", "[\"" + id + "\"]"));
    assertFalse(status.toString().contains(PASSWORD));
  }

  private static Map<String, String> query(String user, String password) {
    Map<String, String> query = createQuery("private", "sleep infinity");
    query.put("Container.1.Image", IMAGE);
    if (user != null) {
      query.put("ImageRegistryCredential.1.Server", "registry.example.com");
      query.put("ImageRegistryCredential.1.UserName", user);
      query.put("ImageRegistryCredential.1.Password", password);
    }
    return query;
  }
}

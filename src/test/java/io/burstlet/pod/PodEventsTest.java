package io.burstlet.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.burstlet.events.KubeEventSink;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.CoreV1Event;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PodEventsTest {
  @Test
  void theCountPatchEscapesTheMessage() {
    CoreV1Event event = new CoreV1Event().count(3).message("secret \"db\" not found\\ \n 100%");
    String patch =
        KubeEventSink.countPatch(
            event, OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC), new ApiClient());
    JsonObject parsed = JsonParser.parseString(patch).getAsJsonObject();
    assertEquals(3, parsed.get("count").getAsInt());
    assertEquals("secret \"db\" not found\\ \n 100%", parsed.get("message").getAsString());
    assertEquals(
        OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC),
        OffsetDateTime.parse(parsed.get("lastTimestamp").getAsString()));
  }
}

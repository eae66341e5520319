package io.burstlet.it;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.burstlet.tls.TrustedCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists container groups straight from an ARM endpoint (the ACI emulator), independently of the
 * provider under test, so tests can count what really exists in the cloud.
 */
public final class ArmClient {
  private final HttpClient http;
  private final URI base;

  public ArmClient(URI base, String caPem) {
    this.base = base;
    this.http =
        HttpClient.newBuilder().sslContext(TrustedCertificates.clientContext(caPem, false)).build();
  }

  /** The names of every container group in a resource group (following nextLink). */
  public List<String> groupNames(String subscription, String resourceGroup)
      throws IOException, InterruptedException {
    List<String> names = new ArrayList<>();
    String next =
        base
            + "/subscriptions/"
            + subscription
            + "/resourceGroups/"
            + resourceGroup
            + "/providers/Microsoft.ContainerInstance/containerGroups?api-version=2023-05-01";
    while (next != null) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(next))
                  .header("Authorization", "Bearer test")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("list: HTTP " + response.statusCode() + " " + response.body());
      }
      JsonObject page = JsonParser.parseString(response.body()).getAsJsonObject();
      for (JsonElement group : page.getAsJsonArray("value")) {
        names.add(group.getAsJsonObject().get("name").getAsString());
      }
      JsonElement link = page.get("nextLink");
      next = link == null || link.isJsonNull() ? null : link.getAsString();
    }
    return names;
  }
}

package io.burstlet.emulator;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The Gson every emulator shares: nulls omitted (as ARM and ECI do), no HTML escaping. */
public final class Json {

  /** Thread-safe, like every Gson instance. */
  public static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private Json() {}
}

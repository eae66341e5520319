package io.burstlet.config;

/**
 * One availability zone of a provider, served by one virtual node.
 *
 * @param zone the cloud's zone name ({@code ap-northeast-1a}, {@code 1})
 * @param subnetId ACI: the delegated subnet's ARM id (null: groups get no VNet)
 * @param vSwitchId ECI: the zone's vSwitch
 */
public record ZoneConfig(String zone, String subnetId, String vSwitchId) {}

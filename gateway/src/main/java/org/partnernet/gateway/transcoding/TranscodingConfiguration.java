package org.partnernet.gateway.transcoding;

import org.partnernet.gateway.resilience.Backends;
import org.partnernet.gateway.system.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class TranscodingConfiguration {

  @Bean
  ApiDescriptors apiDescriptors(ResourceLoader loader, GatewayProperties properties) {
    return ApiDescriptors.load(loader, properties.descriptors());
  }

  @Bean
  RouteTable routeTable(ApiDescriptors api, Backends backends, GatewayProperties properties) {
    return RouteTable.build(api, backends, properties);
  }

  @Bean
  RouterFunction<ServerResponse> transcodedApi(RouteTable routes, ApiDescriptors api,
      CallerCredentials credentials, GatewayProperties properties) {
    return new TranscodingHandler(routes, api, credentials,
        (int) properties.limits().maxBodySize().toBytes(), properties.sseHeartbeat());
  }
}

package org.partnernet.resources;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** resources-service: the exchange of offers and needs between partners, and training sessions for schools. */
@SpringBootApplication
public class ResourcesApplication {

  public static void main(String[] args) {
    SpringApplication.run(ResourcesApplication.class, args);
  }
}

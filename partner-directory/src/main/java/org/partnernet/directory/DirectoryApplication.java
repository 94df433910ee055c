package org.partnernet.directory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** partner-directory: the vetted directory of a coalition's partners, their services and capacity. */
@SpringBootApplication
public class DirectoryApplication {

  public static void main(String[] args) {
    SpringApplication.run(DirectoryApplication.class, args);
  }
}

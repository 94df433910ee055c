package org.partnernet.referral.alert;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

/** Sends alert e-mails over SMTP (Jakarta Mail), with connect and read timeouts. */
public final class MailChannel {

  /** @param username null for an unauthenticated relay */
  public record Settings(String host, int port, String username, String password, boolean startTls, String from,
                         Duration timeout) {}

  private final Session session;
  private final InternetAddress from;

  public MailChannel(Settings settings) {
    if (settings.host() == null || settings.host().isBlank() || settings.from() == null || settings.from().isBlank()) {
      throw new IllegalArgumentException(
          "alerts are on: set ALERT_SMTP_HOST and ALERT_MAIL_FROM (partnernet.referral.alert.mail.host, .from)");
    }
    Properties p = new Properties();
    p.put("mail.smtp.host", settings.host());
    p.put("mail.smtp.port", String.valueOf(settings.port()));
    String millis = String.valueOf(settings.timeout().toMillis());
    p.put("mail.smtp.connectiontimeout", millis);
    p.put("mail.smtp.timeout", millis);
    p.put("mail.smtp.writetimeout", millis);
    if (settings.startTls()) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    Authenticator auth = null;
    if (settings.username() != null && !settings.username().isBlank()) {
      p.put("mail.smtp.auth", "true");
      auth = new Authenticator() {
        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
          return new PasswordAuthentication(settings.username(), settings.password());
        }
      };
    }
    this.session = Session.getInstance(p, auth);
    try {
      this.from = new InternetAddress(settings.from(), true);
    } catch (MessagingException e) {
      throw new IllegalArgumentException("partnernet.referral.alert.mail.from is not an e-mail address");
    }
  }

  void send(String to, AlertMessage message) throws MessagingException {
    MimeMessage mail = new MimeMessage(session);
    mail.setFrom(from);
    mail.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
    mail.setSubject(message.subject(), "UTF-8");
    mail.setText(message.body(), "UTF-8");
    mail.setSentDate(new Date());
    Transport.send(mail);
  }
}

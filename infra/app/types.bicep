// Types shared by main.bicep (its parameters) and app/api.bicep (the app settings made from them).

@export()
@description('A reader who gets the briefing by email. App settings Delivery__Subscribers__<n>__Name, __Channel, __Edition, __Email.')
type emailSubscriber = {
  @description('Unique name: the delivery ledger and `llmpulse send --to` use it. Letters, digits and hyphens.')
  @minLength(1)
  @maxLength(64)
  name: string

  channel: 'email'

  @description('Edition (language code) the reader gets; en when left out.')
  edition: string?

  @description('Recipient address.')
  @minLength(3)
  email: string
}

@export()
@description('A system that gets the briefing by a signed POST. App settings Delivery__Subscribers__<n>__Name, __Channel, __Edition, __WebhookUrl, and __WebhookSecret, a Key Vault reference to secret webhook-<name>.')
type webhookSubscriber = {
  @description('Unique name: the delivery ledger and `llmpulse send --to` use it, and it names the Key Vault secret webhook-<name> that signs the POST. Letters, digits and hyphens.')
  @minLength(1)
  @maxLength(64)
  name: string

  channel: 'webhook'

  @description('Edition (language code) the system gets; en when left out.')
  edition: string?

  @description('Where to POST: an https address.')
  @minLength(9)
  webhookUrl: string
}

@export()
@discriminator('channel')
type subscriber = emailSubscriber | webhookSubscriber

@export()
@description('SMTP TLS modes the email channel accepts (MailKit SecureSocketOptions).')
type tlsMode = 'None' | 'Auto' | 'SslOnConnect' | 'StartTls' | 'StartTlsWhenAvailable'

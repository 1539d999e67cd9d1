// The Functions app (azd service `api`): a Flex Consumption (FC1) plan and a Linux function app running the
// .NET 10 isolated worker. The runtime, scale and the deployment source are in `functionAppConfig`, which
// replaces FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE on this plan.
import { subscriber, tlsMode } from 'types.bicep'

param name string
param planName string
param location string
param tags object

@description('Service name in azure.yaml: azd deploys to the app with this azd-service-name tag.')
param serviceName string

param identityName string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param keyVaultName string

param reconcileSchedule string
param collectTrafficSchedule string
param collectIndexesSchedule string
param collectInvestmentSchedule string
param seriesTable string
param observationsTable string
param briefingsContainer string
param deliveriesTable string
param runsTable string

@description('Readers of the briefings; each becomes Delivery__Subscribers__<n>__* settings (subscriberSettings below).')
param subscribers subscriber[]

@description('SMTP server of the email channel; empty: no email is sent (email subscribers\' deliveries fail and are retried later).')
param smtpHost string
param smtpPort int
param smtpTlsMode tlsMode
@description('SMTP login; empty: no login, and the smtp-password secret is not used.')
param smtpUser string
param smtpFrom string

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

// ---------------------------------------------------------------------------------------------------------
// App settings: every setting the app and its host read in Azure, in this one object, one `NAME: value` per
// line, so that tests/LlmPulse.Infra.Tests can read the names. infra/app-settings.json documents each name
// (who reads it, its default, why it is or is not set here); the test fails when the two disagree or when
// the code reads a setting that the document does not list. Names are those of local.settings.json.
// ---------------------------------------------------------------------------------------------------------
var appSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  RECONCILE_SCHEDULE: reconcileSchedule
  COLLECT_TRAFFIC_SCHEDULE: collectTrafficSchedule
  COLLECT_INDEXES_SCHEDULE: collectIndexesSchedule
  COLLECT_INVESTMENT_SCHEDULE: collectInvestmentSchedule
  Briefings__CatchUpMonths: '3'
  Storage__SeriesTable: seriesTable
  Storage__ObservationsTable: observationsTable
  Storage__BriefingsContainer: briefingsContainer
  Storage__DeliveriesTable: deliveriesTable
  Storage__RunsTable: runsTable
  Storage__MaxRetries: '3'
  Storage__NetworkTimeout: '00:00:30'
  Delivery__Smtp__Host: smtpHost
  Delivery__Smtp__Port: string(smtpPort)
  Delivery__Smtp__TlsMode: smtpTlsMode
  Delivery__Smtp__User: smtpUser
  Delivery__Smtp__From: smtpFrom
  Delivery__Smtp__Timeout: '00:00:30'
  Delivery__MaxAttachmentBytes: '5242880'
  Delivery__LinkExpiry: '7.00:00:00'
  Delivery__MaxAttempts: '5'
}

// Secret app settings: `APP_SETTING_NAME: 'key-vault-secret-name'`, one per line, like appSettings. Each
// becomes a Key Vault reference resolved by the platform with the app's identity (keyVaultReferenceIdentity),
// so the value never appears in the template, the deployment or the repository. Add an entry (and document it
// in infra/app-settings.json with "bicep": "keyVault" and its "secretName") when the code reads a new secret.
// A secret that does not exist (yet) leaves the setting holding the reference text itself: set the secrets
// with `az keyvault secret set` (docs/DEPLOY.md).
var keyVaultSecretSettings = {
  Delivery__Smtp__Password: 'smtp-password'
  Sources__similarweb__ApiKey: 'similarweb-api-key'
}

var keyVaultReferences = toObject(
  items(keyVaultSecretSettings),
  setting => setting.key,
  setting => keyVaultReference(vault.name, setting.value)
)

func keyVaultReference(vaultName string, secretName string) string =>
  '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretName})'

// The settings of subscriber number `index` (the <n> of infra/app-settings.json), one `'NAME': value` per line
// like appSettings, by channel: Email for email readers; WebhookUrl and WebhookSecret for webhooks, the secret
// being a Key Vault reference to secret webhook-<name>. tests/LlmPulse.Infra.Tests reads these names too.
func subscriberSettings(index int, reader subscriber, vaultName string) object =>
  reader.channel == 'email'
    ? {
        'Delivery__Subscribers__${index}__Name': reader.name
        'Delivery__Subscribers__${index}__Channel': reader.channel
        'Delivery__Subscribers__${index}__Edition': reader.?edition ?? 'en'
        'Delivery__Subscribers__${index}__Email': reader.email
      }
    : {
        'Delivery__Subscribers__${index}__Name': reader.name
        'Delivery__Subscribers__${index}__Channel': reader.channel
        'Delivery__Subscribers__${index}__Edition': reader.?edition ?? 'en'
        'Delivery__Subscribers__${index}__WebhookUrl': reader.webhookUrl
        'Delivery__Subscribers__${index}__WebhookSecret': keyVaultReference(vaultName, 'webhook-${reader.name}')
      }

var subscriberAppSettings = reduce(
  range(0, length(subscribers)),
  {},
  (settings, index) => union(settings, subscriberSettings(index, subscribers[index], vault.name))
)

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': serviceName
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: union(appSettings, keyVaultReferences, subscriberAppSettings)
  }
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'

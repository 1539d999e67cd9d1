// The Functions app (azd service `api`): a Flex Consumption (FC1) plan and a Linux function app running the
// .NET 10 isolated worker. The runtime, scale and the deployment source are in `functionAppConfig`, which
// replaces FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE on this plan.
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

param briefingSchedule string
param seriesTable string
param observationsTable string
param briefingsContainer string
param deliveriesTable string

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
  BRIEFING_SCHEDULE: briefingSchedule
  Briefings__CatchUpMonths: '3'
  Storage__SeriesTable: seriesTable
  Storage__ObservationsTable: observationsTable
  Storage__BriefingsContainer: briefingsContainer
  Storage__DeliveriesTable: deliveriesTable
  Storage__MaxRetries: '3'
  Storage__NetworkTimeout: '00:00:30'
}

// Secret app settings: `APP_SETTING_NAME: 'key-vault-secret-name'`, one per line, like appSettings. Each
// becomes a Key Vault reference resolved by the platform with the app's identity, so the value never
// appears in the template, the deployment or the repository. Add an entry (and document it in
// infra/app-settings.json with "source": "keyVault") when the code starts reading a secret, e.g.
//   Smtp__Password: 'smtp-password'
var keyVaultSecretSettings = {}

var keyVaultReferences = toObject(
  items(keyVaultSecretSettings),
  setting => setting.key,
  setting => '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${setting.value})'
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
    properties: union(appSettings, keyVaultReferences)
  }
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'

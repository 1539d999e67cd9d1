// LlmPulse on Azure: `azd up` provisions this template and deploys src/LlmPulse.Functions (service `api` in
// azure.yaml) to a Flex Consumption function app that reaches storage, monitoring and Key Vault with its
// user-assigned managed identity: no storage keys, no instrumentation keys, no secrets in app settings.
//
// Checked offline by scripts/check-infra.sh (bicep build + bicep lint, zero warnings). The app settings are
// listed in one place, infra/app/api.bicep (`var appSettings`), and documented in infra/app-settings.json;
// tests/LlmPulse.Infra.Tests keeps both in step with what the code reads.
targetScope = 'subscription'

import { subscriber, tlsMode } from 'app/types.bicep'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; also names the resource group and seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Azure region for every resource. It must offer the Flex Consumption plan: az functionapp list-flexconsumption-locations.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the person or pipeline running azd. When set, it may read and write the app\'s blobs and tables and manage Key Vault secrets (for the CLI against Azure, and to store secrets). Leave empty to grant nothing.')
param principalId string = ''

@description('Kind of principal that principalId names.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Name of the resource group to create; rg-<environmentName> when empty.')
param resourceGroupName string = ''

@description('NCRONTAB schedule (6 fields, UTC) of the briefing reconciler (daily by default): app setting RECONCILE_SCHEDULE.')
param reconcileSchedule string = '0 0 7 * * *'

@description('NCRONTAB schedule (UTC) of the traffic collectors (CollectTraffic): app setting COLLECT_TRAFFIC_SCHEDULE. Daily.')
param collectTrafficSchedule string = '0 0 6 * * *'

@description('NCRONTAB schedule (UTC) of the index collectors (CollectIndexes): app setting COLLECT_INDEXES_SCHEDULE. Weekdays after the Chinese and US closes.')
param collectIndexesSchedule string = '0 30 8,22 * * 1-5'

@description('NCRONTAB schedule (UTC) of the investment collectors (CollectInvestment): app setting COLLECT_INVESTMENT_SCHEDULE. Weekly.')
param collectInvestmentSchedule string = '0 0 5 * * 1'

@description('Readers of the briefings, by email or webhook (docs/DEPLOY.md). azd: LLMPULSE_SUBSCRIBERS, a JSON array. A webhook reader\'s signing secret is Key Vault secret webhook-<name>.')
param subscribers subscriber[] = []

@description('SMTP server of the email channel. Empty: no email is sent. azd: SMTP_HOST.')
param smtpHost string = ''

@description('SMTP port. azd: SMTP_PORT.')
@minValue(1)
@maxValue(65535)
param smtpPort int = 587

@description('SMTP TLS mode. azd: SMTP_TLS_MODE.')
param smtpTlsMode tlsMode = 'StartTls'

@description('SMTP login; empty for none. Its password is Key Vault secret smtp-password. azd: SMTP_USER.')
param smtpUser string = ''

@description('Sender of the briefing emails, e.g. "LlmPulse <briefings@example.org>". azd: SMTP_FROM.')
param smtpFrom string = 'LlmPulse <briefings@llmpulse.invalid>'

@description('Upper bound of Flex Consumption instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each Flex Consumption instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
// The name of the service in azure.yaml; azd finds the function app to deploy to by this tag.
var apiServiceName = 'api'
var functionAppName = '${abbrs.webSitesFunctions}${apiServiceName}-${resourceToken}'
// Flex Consumption runs the package that azd uploads to this container (at most 63 characters).
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

// Resource names are computed here, not read back from module outputs, so that `azd provision --preview`
// (What-If) can predict every resource; modules that use another's resource say so with dependsOn.
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}${apiServiceName}-${resourceToken}'
var logAnalyticsName = '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
var planName = '${abbrs.webServerFarms}${resourceToken}'

// Storage names the app uses; passed both to the storage account (created up front) and to the app settings.
var seriesTable = 'series'
var observationsTable = 'observations'
// The briefing's reads of daily series (roll-ups and month index; days by month): the app names them after the
// observations table, with no setting of their own (StorageOptions.MonthsTable, StorageOptions.DaysTable).
var monthsTable = '${observationsTable}months'
var daysTable = '${observationsTable}days'
var briefingsContainer = 'briefings'
var deliveriesTable = 'deliveries'
var runsTable = 'runs'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: logAnalyticsName
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    containerNames: [
      deploymentContainerName
      briefingsContainer
    ]
    tableNames: [
      seriesTable
      observationsTable
      monthsTable
      daysTable
      deliveriesTable
      runsTable
    ]
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storageAccountName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
  dependsOn: [
    storage
    monitoring
    keyVault
  ]
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: planName
    location: location
    tags: tags
    serviceName: apiServiceName
    identityName: identityName
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    reconcileSchedule: reconcileSchedule
    collectTrafficSchedule: collectTrafficSchedule
    collectIndexesSchedule: collectIndexesSchedule
    collectInvestmentSchedule: collectInvestmentSchedule
    seriesTable: seriesTable
    observationsTable: observationsTable
    briefingsContainer: briefingsContainer
    deliveriesTable: deliveriesTable
    runsTable: runsTable
    subscribers: subscribers
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpTlsMode: smtpTlsMode
    smtpUser: smtpUser
    smtpFrom: smtpFrom
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
  // The identity must hold its storage roles before the platform reads the deployment container and the host
  // takes its first blob lease; otherwise the first start fails until the role assignments propagate.
  dependsOn: [
    identity
    storage
    monitoring
    keyVault
    rbac
  ]
}

// Read by azd (AZURE_*, SERVICE_API_*) and by the README's commands after `azd up` (`azd env get-values`).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output SERVICE_API_BRIEFINGS_URL string = '${api.outputs.uri}/api/briefings'
output AZURE_USER_ASSIGNED_IDENTITY_NAME string = identity.outputs.name
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsName

// Key Vault for the app's secrets (SMTP password, source API keys, webhook secrets). Access by Azure RBAC only
// (no access policies); the app reads secrets through Key Vault references in its app settings
// (api.bicep, `keyVaultSecretSettings`). The repository holds secret names only: values are set with
//   az keyvault secret set --vault-name <AZURE_KEY_VAULT_NAME> --name <secret-name> --value ...
param name string
param location string
param tags object

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri

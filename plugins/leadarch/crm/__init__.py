"""CRM exports (Salesforce describe and Metadata API, HubSpot properties) read offline."""

// n8n's logger prints every node error; keep test output readable unless a test asks for logs.
process.env.N8N_LOG_LEVEL ??= 'silent';

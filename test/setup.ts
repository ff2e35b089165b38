// Loaded by mocha before any test (see .mocharc.json).
// Tests never read the developer's .env and never log unless a test asks for it.
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.DOTENV_DISABLED = 'true';

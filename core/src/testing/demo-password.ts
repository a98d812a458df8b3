/** The password of the demo users in tests that seed the demo (`demo: true`). */
export const demoPassword = 'Portico-test-demo-2026';

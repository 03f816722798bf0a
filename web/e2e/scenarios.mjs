export const scenarios = [
  {
    name: 'smoke',
    needs: [],
    async run({ run }) {
      const page = await run.user('visitor')
      await run.step('the login page loads', async () => {
        await page.goto('/login')
        await page.locator('#app *').first().waitFor()
        await run.screen(page, 'login')
      })
    },
  },
]

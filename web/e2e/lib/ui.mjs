// Small helpers over Playwright for the app's controls, found by their
// `data-test` ids (Element Plus puts the id on a component's root: an
// el-input's <input> is inside the element that carries it).

/** The element with this data-test id (the first, or the only visible one). */
export function tid(scope, id) {
  return scope.locator(`[data-test="${id}"]`)
}

/** The text field of an el-input (or a plain input) with this id. */
export function field(scope, id) {
  return scope.locator(`input[data-test="${id}"], textarea[data-test="${id}"], [data-test="${id}"] input:not([type=hidden]), [data-test="${id}"] textarea`).first()
}

export async function fill(scope, id, value) {
  await field(scope, id).fill(value)
}

/** Open an el-select by its id and pick the option whose text is `text`. */
export async function choose(page, scope, id, text) {
  await tid(scope, id).first().click()
  const option = page.locator('.el-select-dropdown__item:visible, .el-select-dropdown [role=option]:visible').filter({ hasText: text }).first()
  await option.click()
}

/** Like `choose`, typing first (filterable selects such as PersonPicker). */
export async function pick(page, scope, id, typed, text = typed) {
  await tid(scope, id).first().click()
  await page.keyboard.type(typed)
  const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first()
  await option.waitFor()
  // The option is chosen as a user's click would choose it, without waiting
  // for the dropdown to hold still: near the window's edge Element Plus
  // keeps placing it again and Playwright's wait for a stable box never
  // ends.
  await option.dispatchEvent('click')
}

/** Wait until the success toast (ElMessage) shows. */
export async function toastSuccess(page) {
  await page.locator('.el-message--success').first().waitFor()
}

/** Wait for the route to be `path` (a string or RegExp over the pathname). */
export async function at(page, path) {
  await page.waitForURL((u) => (typeof path === 'string' ? u.pathname === path : path.test(u.pathname)))
}

/** Confirm an ElMessageBox. */
export async function confirmBox(page) {
  const box = page.locator('.el-message-box:visible')
  await box.waitFor()
  await box.locator('.el-message-box__btns .el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
}

/** No loading mask (v-loading) left on the page. */
export async function loaded(page) {
  await page.waitForFunction(() => ![...document.querySelectorAll('.el-loading-mask')].some((e) => e.getClientRects().length > 0))
}

/** Confirm an ElMessageBox if one opens within a moment. */
export async function confirmIfAsked(page) {
  const box = page.locator('.el-message-box:visible')
  if (await box.waitFor({ timeout: 1000 }).then(() => true, () => false)) await confirmBox(page)
}

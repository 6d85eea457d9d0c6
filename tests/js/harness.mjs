// The SDK client every driver script uses: a webhook client from the URL on the command line that records
// every HTTP request and answer, and `fail`, which prints them all and exits non-zero.
import { B24Hook, ApiVersion } from '@bitrix24/b24jssdk'

export const [, , hookUrl, scenario] = process.argv
export const b24 = B24Hook.fromWebhookUrl(hookUrl)
b24.offClientSideWarning()

export const exchanges = []
for (const version of [ApiVersion.v2, ApiVersion.v3]) {
  const client = b24.getHttpClient(version).ajaxClient
  client.interceptors.request.use((config) => {
    exchanges.push({ request: { method: config.method, url: config.url, data: config.data } })
    return config
  })
  const record = (response) => {
    const last = exchanges[exchanges.length - 1]
    if (last && response) last.answer = { status: response.status, data: response.data }
  }
  client.interceptors.response.use(
    (response) => { record(response); return response },
    (error) => { record(error.response); return Promise.reject(error) }
  )
}

export function fail (what, extra) {
  console.error(JSON.stringify({ ok: false, what, extra, exchanges }, null, 2))
  process.exit(1)
}

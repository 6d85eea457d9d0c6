// Drives @bitrix24/b24jssdk (unmodified) against a b24local server: node batch.mjs <webhook-url> <scenario>
// Prints one JSON line {ok, data} on success; on failure prints every HTTP request and answer it saw.
import { b24, exchanges, fail, scenario } from './harness.mjs'

function plain (value) {
  // AjaxResult objects → their data; Maps → objects
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]))
  if (Array.isArray(value)) return value.map(plain)
  if (value && typeof value.getData === 'function') return plain(value.getData())
  return value
}

const scenarios = {
  async v2 () {
    const response = await b24.actions.v2.batch.make({
      calls: {
        me: ['user.current', {}],
        same: { method: 'user.get', params: { filter: { ID: '$result[me][ID]' } } },
        now: ['server.time', {}]
      },
      options: { isHaltOnError: true }
    })
    if (!response.isSuccess) fail('v2 batch failed', response.getErrorMessages())
    return plain(response.getData())
  },
  async v2errors () {
    const response = await b24.actions.v2.batch.make({
      calls: [['user.current', {}], ['no.such.method', {}]],
      options: { isHaltOnError: false }
    })
    return { isSuccess: response.isSuccess, errors: response.getErrorMessages() }
  },
  async v3 () {
    const response = await b24.actions.v3.batch.make({
      calls: {
        created: { method: 'tasks.task.add', params: { fields: { title: 'From the JS SDK', creatorId: 1, responsibleId: 1 } } },
        again: ['tasks.task.get', { id: { $ref: 'created.item.id' }, select: ['id', 'title'] }]
      },
      options: { isHaltOnError: true }
    })
    if (!response.isSuccess) fail('v3 batch failed', response.getErrorMessages())
    return plain(response.getData())
  },
  async v3unknown () {
    const response = await b24.actions.v3.batch.make({
      calls: [['server.time', {}]],
      options: { isHaltOnError: true }
    })
    return { isSuccess: response.isSuccess, errors: response.getErrorMessages() }
  }
}

try {
  const data = await scenarios[scenario]()
  console.log(JSON.stringify({ ok: true, data, exchanges }))
} catch (error) {
  fail(`exception: ${error && error.message}`, String(error && error.stack))
}

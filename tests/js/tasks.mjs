// Drives @bitrix24/b24jssdk (unmodified) against a b24local server for the v3 task methods:
//   node tasks.mjs <webhook-url> <scenario>
// Prints one JSON line {ok, data, exchanges} on success; on failure prints every HTTP request and answer it saw.
import { b24, exchanges, fail, scenario } from './harness.mjs'

async function v3 (method, params) {
  const response = await b24.actions.v3.call.make({ method, params })
  if (!response.isSuccess) fail(`${method} failed`, response.getErrorMessages())
  return response.getData().result
}

async function v3Error (method, params) {
  try {
    const response = await b24.actions.v3.call.make({ method, params })
    return { isSuccess: response.isSuccess, errors: response.getErrorMessages() }
  } catch (error) {
    return { isSuccess: false, thrown: true, errors: [String(error && (error.message || error))], code: error && error.code, status: error && error.status }
  }
}

const scenarios = {
  async crud () {
    const created = await v3('tasks.task.add', { fields: { title: 'From the JS SDK', creatorId: 29, responsibleId: 1 } })
    const id = created.item.id
    const got = await v3('tasks.task.get', { id, select: ['id', 'title', 'status'] })
    const updated = await v3('tasks.task.update', { id, fields: { title: 'Renamed by JS', status: 'in_progress' } })
    const listed = await v3('tasks.task.list', { select: ['id', 'title'], filter: [['id', '=', id]] })
    const access = await v3('tasks.task.access.get', { id })
    const result = await v3('tasks.task.result.add', { fields: { taskId: id, text: 'JS result' } })
    const results = await v3('tasks.task.result.list', { filter: [['taskId', id]] })
    const deleted = await v3('tasks.task.delete', { id })
    const missing = await v3Error('tasks.task.get', { id })
    return { created: created.item, got: got.item, updated, listed: listed.items, read: access.read, result: result.item, results: results.items, deleted, missing }
  },
  async notfound () {
    return await v3Error('crm.item.list', { entityTypeId: 2 })
  },
  async callList () {
    const response = await b24.actions.v3.callList.make({
      method: 'tasks.task.list',
      params: { select: ['id', 'title'], filter: [['id', '>', 0]] },
      idKey: 'id',
      customKeyForResult: 'items',
      limit: 100
    })
    if (!response.isSuccess) fail('callList failed', response.getErrorMessages())
    return response.getData().map((item) => item.id)
  },
  async fetchList () {
    const pages = []
    for await (const page of b24.actions.v3.fetchList.make({
      method: 'tasks.task.list',
      params: { select: ['id'], filter: [['id', '>', 0]] },
      idKey: 'id',
      customKeyForResult: 'items',
      limit: 100
    })) {
      pages.push(page.map((item) => item.id))
    }
    return pages
  }
}

try {
  const data = await scenarios[scenario]()
  console.log(JSON.stringify({ ok: true, data, exchanges }))
} catch (error) {
  fail('exception', String(error && (error.stack || error)))
}

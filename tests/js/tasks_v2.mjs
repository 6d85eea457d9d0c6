// Drives @bitrix24/b24jssdk (unmodified) against b24local on the v2 task methods and the v3 event log:
//   node tasks_v2.mjs <webhook-url> <scenario>
// Prints one JSON line {ok, data, exchanges} on success; on failure every HTTP request and answer it saw.
import { b24, exchanges, fail, scenario } from './harness.mjs'

const scenarios = {
  // the deprecated callMethod / callListMethod and actions.v2.call.make on tasks.task.*
  async v2 () {
    const got = await b24.callMethod('tasks.task.get', { taskId: 2, select: ['ID', 'TITLE'] })
    const task = got.getData().result.task
    const time = got.getData().time
    const missing = (await b24.callMethod('tasks.task.get', { taskId: 3 })).getData().result
    let wrong = null
    try {
      await b24.actions.v2.call.make({ method: 'tasks.task.get', params: { taskId: -1 } })
    } catch (error) {
      wrong = { code: error.code, status: error.status }
    }
    const made = await b24.actions.v2.call.make({ method: 'tasks.task.add', params: { fields: { TITLE: 'From JS', RESPONSIBLE_ID: 1 } } })
    if (!made.isSuccess) fail('tasks.task.add failed', made.getErrorMessages())
    const all = await b24.callListMethod('tasks.task.list', { select: ['ID'], order: { ID: 'ASC' } }, null, 'tasks')
    if (!all.isSuccess) fail('callListMethod failed', all.getErrorMessages())
    return {
      task,
      operating: time.operating,
      resetAt: time.operating_reset_at,
      missing,
      wrong,
      made: made.getData().result.task.title,
      listed: all.getData().map((t) => Number(t.id))
    }
  },
  // actions.v3.callList / fetchList over main.eventlog.list, as the SDK's own live suite calls them
  async eventlog () {
    const since = '2020-01-01T00:00:00+00:00'
    const listed = await b24.actions.v3.callList.make({
      method: 'main.eventlog.list',
      params: { filter: [['timestampX', '>=', since]], select: ['id', 'userId'] },
      idKey: 'id',
      customKeyForResult: 'items',
      limit: 60
    })
    if (!listed.isSuccess) fail('callList failed', listed.getErrorMessages())
    const chunks = []
    for await (const chunk of b24.actions.v3.fetchList.make({
      method: 'main.eventlog.list',
      params: { filter: [['timestampX', '>=', since]], select: ['id', 'userId'] },
      idKey: 'id',
      customKeyForResult: 'items',
      limit: 10
    })) {
      chunks.push(chunk.map((item) => item.id))
    }
    return { listed: listed.getData().map((item) => item.id), chunks }
  }
}

const run = scenarios[scenario]
if (!run) fail(`unknown scenario ${scenario}`)
try {
  const data = await run()
  console.log(JSON.stringify({ ok: true, data, exchanges }))
} catch (error) {
  fail(String(error && (error.stack || error.message || error)))
}

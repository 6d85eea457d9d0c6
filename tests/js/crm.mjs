// Drives @bitrix24/b24jssdk (unmodified) against a b24local server for crm.item.*:
//   node crm.mjs <webhook-url> <scenario>
// Prints one JSON line {ok, data} on success; on failure prints what went wrong.
import { b24, fail, scenario } from './harness.mjs'

const scenarios = {
  async list () {
    const response = await b24.actions.v2.callList.make({
      method: 'crm.item.list',
      params: { entityTypeId: 2, select: ['id', 'title'] },
      idKey: 'id',
      customKeyForResult: 'items'
    })
    if (!response.isSuccess) fail('callList failed', response.getErrorMessages())
    return response.getData().map((item) => item.id)
  },
  async fetch () {
    const ids = []
    for await (const page of b24.actions.v2.fetchList.make({
      method: 'crm.item.list',
      params: { entityTypeId: 2, select: ['id'] },
      idKey: 'id',
      customKeyForResult: 'items'
    })) {
      ids.push(...page.map((item) => item.id))
    }
    return ids
  },
  async crud () {
    const added = await b24.actions.v2.call.make({
      method: 'crm.item.add', params: { entityTypeId: 1268, fields: { title: 'From the JS SDK' } }
    })
    if (!added.isSuccess) fail('add failed', added.getErrorMessages())
    const item = added.getData().result.item
    const deleted = await b24.actions.v2.call.make({
      method: 'crm.item.delete', params: { entityTypeId: 1268, id: item.id }
    })
    if (!deleted.isSuccess) fail('delete failed', deleted.getErrorMessages())
    let again
    try {
      again = await b24.actions.v2.call.make({ method: 'crm.item.delete', params: { entityTypeId: 1268, id: item.id } })
    } catch (error) {
      again = { isSuccess: false, getErrorMessages: () => [String(error && (error.message || error))] }
    }
    return { item, deleted: deleted.getData().result, again: { isSuccess: again.isSuccess, errors: again.getErrorMessages() } }
  }
}

try {
  const data = await scenarios[scenario]()
  console.log(JSON.stringify({ ok: true, data }))
} catch (error) {
  fail('exception', String(error && (error.stack || error)))
}

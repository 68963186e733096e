import { describe, expect, test } from 'vitest'
import { keyMatches, nameMatches, queryTerms, searchKey } from './text'

describe('shared search keys', () => {
  test('names meet across alphabets and the usual spellings', () => {
    for (const [query, name] of [
      ['Мария', 'Maria Member'],
      ['maria', 'Мария Иванова'],
      ['arhipov', 'Глеб Архипов'],
      ['Tsvetkova', 'Анна Цветкова'],
      ['Юлия', 'Yulia Petrova'],
      ['zaytsev', 'Зайцев'],
      ['Мар', 'Maria Member'],
      ['member maria', 'Maria Member'],
    ]) {
      expect(nameMatches(query!, name!), `${query} ~ ${name}`).toBe(true)
    }
  })

  test('gibberish, single letters and mid-word fragments match nothing', () => {
    const text = searchKey('The Duma elections: supporting independent candidates. Выборы в Думу: поддержка независимых кандидатов. Кострома, Zhukov, Kassil')
    for (const q of ['q', 'zz', 'qqqq', 'ааааа', 'zzzzqqq', 'x', 'x y', 'ж', '!!', '', 'uma', 'zk']) {
      expect(keyMatches(text, queryTerms(q)), q).toBe(false)
    }
    expect(queryTerms('q')).toEqual([])
    expect(queryTerms('zz')).toEqual([])
    expect(queryTerms('ааааа')).toEqual(['aaaaa'])
    for (const q of ['Duma', 'думу', 'kandidat', 'Kostroma', 'Жуков', 'kasil', 'Duma x']) {
      expect(keyMatches(text, queryTerms(q)), q).toBe(true)
    }
  })

  test('every term must start a word', () => {
    expect(nameMatches('maria smith', 'Maria Member')).toBe(false)
    expect(nameMatches('ember', 'Maria Member')).toBe(false)
  })
})

/** Venues, speakers, events and ticket types for the demo, from the club's announcement. */
import { DateTime } from 'luxon'
import type { DbOrTx } from '../client.server'
import {
  eventSpeakers,
  events,
  speakers,
  ticketTypes,
  venues,
  type EventKind,
  type EventLanguage,
} from '../schema'

const ZONE = 'Europe/London'

/** 19:00 London time, `days` after today (in London), as milliseconds. */
function evening(now: number, days: number, hour = 19, minute = 0) {
  return DateTime.fromMillis(now, { zone: ZONE })
    .startOf('day')
    .plus({ days })
    .set({ hour, minute })
    .toMillis()
}

/** The opening night: 10 November, the most recent one that has begun (the club opened then). */
function openingNight(now: number) {
  const today = DateTime.fromMillis(now, { zone: ZONE })
  let night = DateTime.fromObject({ year: today.year, month: 11, day: 10, hour: 19 }, { zone: ZONE })
  if (night > today) night = night.minus({ years: 1 })
  return night.toMillis()
}

const SPEAKERS = [
  {
    slug: 'vera-lomonosova',
    nameEn: 'Vera Lomonosova',
    nameRu: 'Вера Ломоносова',
    roleEn: 'Novelist',
    roleRu: 'Писательница',
    bioEn:
      'Vera Lomonosova wrote three novels in Moscow and a fourth in London. Her books, about provincial towns that outlive their ideologies, are no longer sold in Russian shops.',
    bioRu:
      'Вера Ломоносова написала три романа в Москве и четвёртый — в Лондоне. Её книги о провинциальных городах, переживающих свои идеологии, больше не продаются в российских магазинах.',
    links: [{ kind: 'website', url: 'https://example.org/lomonosova' }],
  },
  {
    slug: 'gleb-arkhipov',
    nameEn: 'Gleb Arkhipov',
    nameRu: 'Глеб Архипов',
    roleEn: 'Political journalist',
    roleRu: 'Политический журналист',
    bioEn:
      'Gleb Arkhipov reported on regional politics for twenty years, from Kostroma to Novosibirsk. He now edits an independent newsletter read inside Russia through mirrors.',
    bioRu:
      'Глеб Архипов двадцать лет писал о региональной политике — от Костромы до Новосибирска. Сейчас он редактирует независимую рассылку, которую в России читают через зеркала.',
    links: [
      { kind: 'telegram', url: 'https://t.me/example_arkhipov' },
      { kind: 'mastodon', url: 'https://mastodon.example/@arkhipov' },
    ],
  },
  {
    slug: 'marina-tsvetkova',
    nameEn: 'Marina Tsvetkova',
    nameRu: 'Марина Цветкова',
    roleEn: 'Film director',
    roleRu: 'Кинорежиссёр',
    bioEn:
      'Marina Tsvetkova makes documentaries about people who stay. Her last film was shot over four years in a Volga town and edited in exile.',
    bioRu:
      'Марина Цветкова снимает документальное кино о тех, кто остаётся. Её последний фильм снимался четыре года в городе на Волге и монтировался в эмиграции.',
    links: [{ kind: 'website', url: 'https://example.org/tsvetkova' }],
  },
  {
    slug: 'pavel-orlov',
    nameEn: 'Pavel Orlov',
    nameRu: 'Павел Орлов',
    roleEn: 'Election observer trainer, Open Elections',
    roleRu: 'Тренер наблюдателей, «Открытые выборы»',
    bioEn:
      'Pavel Orlov has trained independent election observers since 2011. He was in the Open Elections office in Kostroma on 13 September when the door was broken down.',
    bioRu:
      'Павел Орлов готовит независимых наблюдателей с 2011 года. 13 сентября он был в костромском штабе «Открытых выборов», когда выломали дверь.',
    links: [{ kind: 'x', url: 'https://x.com/example_orlov' }],
  },
  {
    slug: 'sofia-belaya',
    nameEn: 'Sofia Belaya',
    nameRu: 'София Белая',
    roleEn: 'Theatre director',
    roleRu: 'Театральный режиссёр',
    bioEn:
      'Sofia Belaya ran an independent theatre in St Petersburg until its licence was withdrawn. In London she stages readings of plays that cannot be performed at home.',
    bioRu:
      'София Белая руководила независимым театром в Петербурге, пока у него не отозвали лицензию. В Лондоне она ставит читки пьес, которые нельзя сыграть дома.',
    links: [],
  },
  {
    slug: 'dmitry-zaitsev',
    nameEn: 'Dmitry Zaitsev',
    nameRu: 'Дмитрий Зайцев',
    roleEn: 'Historian, University of London',
    roleRu: 'Историк, Лондонский университет',
    bioEn:
      'Dmitry Zaitsev studies the history of Russian emigration, from the first wave after 1917 to the present. He is writing a book on émigré clubs in London.',
    bioRu:
      'Дмитрий Зайцев изучает историю русской эмиграции — от первой волны после 1917 года до наших дней. Пишет книгу об эмигрантских клубах Лондона.',
    links: [{ kind: 'website', url: 'https://example.org/zaitsev' }],
  },
  {
    slug: 'anna-kravets',
    nameEn: 'Anna Kravets',
    nameRu: 'Анна Кравец',
    roleEn: 'Poet and translator',
    roleRu: 'Поэтесса и переводчица',
    bioEn: 'Anna Kravets writes in Russian and translates into English. Her new collection is bilingual.',
    bioRu: 'Анна Кравец пишет по-русски и переводит на английский. Её новый сборник — двуязычный.',
    links: [],
  },
  {
    slug: 'ilya-serov',
    nameEn: 'Ilya Serov',
    nameRu: 'Илья Серов',
    roleEn: 'Lawyer, political prisoners’ defence',
    roleRu: 'Адвокат по делам политзаключённых',
    bioEn:
      'Ilya Serov has defended people whom Memorial recognises as political prisoners, including organisers of regional election campaigns.',
    bioRu:
      'Илья Серов защищал людей, признанных «Мемориалом» политзаключёнными, в том числе организаторов региональных избирательных кампаний.',
    links: [{ kind: 'telegram', url: 'https://t.me/example_serov' }],
  },
  {
    slug: 'ekaterina-volkova',
    nameEn: 'Ekaterina Volkova',
    nameRu: 'Екатерина Волкова',
    roleEn: 'Painter',
    roleRu: 'Художница',
    bioEn: 'Ekaterina Volkova paints interiors of flats left behind. Her first London exhibition opens at the club.',
    bioRu: 'Екатерина Волкова пишет интерьеры оставленных квартир. Её первая лондонская выставка открывается в клубе.',
    links: [],
  },
  {
    slug: 'nikolai-gromov',
    nameEn: 'Nikolai Gromov',
    nameRu: 'Николай Громов',
    roleEn: 'Cellist',
    roleRu: 'Виолончелист',
    bioEn: 'Nikolai Gromov left a state orchestra in 2022 and now plays chamber music across Europe.',
    bioRu: 'Николай Громов ушёл из государственного оркестра в 2022 году и теперь играет камерную музыку по всей Европе.',
    links: [],
  },
]

type SeedEvent = {
  slug: string
  kind: EventKind
  language: EventLanguage
  at: (now: number) => number
  hours: number
  venue: 'club' | 'hall' | 'undisclosed'
  addressHidden?: boolean
  titleEn: string
  titleRu: string
  summaryEn: string
  summaryRu: string
  descriptionEn: string
  descriptionRu: string
  speakers: string[]
  capacity: number
  tickets: { nameEn: string; nameRu: string; pricePence: number; memberPricePence?: number; quota: number; membersOnly?: boolean; salesStartInDays?: number }[]
  status?: 'draft' | 'published' | 'cancelled'
}

const STANDARD = (price: number, member: number, quota: number) => [
  { nameEn: 'Standard', nameRu: 'Обычный', pricePence: price, memberPricePence: member, quota },
]

const EVENTS: SeedEvent[] = [
  {
    slug: 'opening-night',
    kind: 'social',
    language: 'both',
    at: openingNight,
    hours: 3,
    venue: 'club',
    titleEn: 'Opening night of the Open Russia Club',
    titleRu: 'Открытие клуба «Открытая Россия»',
    summaryEn: 'The club opens its doors in London: a meeting place for the giants of Russian culture.',
    summaryRu: 'Клуб открывает двери в Лондоне: место встречи для лучших представителей русской культуры.',
    descriptionEn:
      'In Russia any creative initiative that goes against the official ideology has little chance of success. So Russian cultural life is moving to London, where **300,000 Russians** live, work and study.\n\nJoin writers, artists, political journalists, academics, theatre and film directors for the first evening of the club.',
    descriptionRu:
      'В России любая творческая инициатива, идущая вразрез с официальной идеологией, почти не имеет шансов. Поэтому русская культурная жизнь переезжает в Лондон, где живут, работают и учатся **300 000 россиян**.\n\nПриходите на первый вечер клуба вместе с писателями, художниками, политическими журналистами, учёными, театральными и кинорежиссёрами.',
    speakers: ['vera-lomonosova', 'dmitry-zaitsev', 'nikolai-gromov'],
    capacity: 120,
    tickets: [{ nameEn: 'Free entry', nameRu: 'Свободный вход', pricePence: 0, quota: 120 }],
  },
  {
    slug: 'open-elections-observer-training',
    kind: 'training',
    language: 'ru',
    at: (now) => evening(now, 3, 18, 30),
    hours: 3,
    venue: 'undisclosed',
    addressHidden: true,
    titleEn: 'Open Elections: training for independent observers',
    titleRu: '«Открытые выборы»: подготовка независимых наблюдателей',
    summaryEn: 'How to record violations on election day — and how to pre-empt them.',
    summaryRu: 'Как фиксировать нарушения в день голосования — и как их предупреждать.',
    descriptionEn:
      'The Open Elections project is continuing its work: training independent observers not only to record violations but to pre-empt them.\n\nThe address is sent to ticket holders only. Please do not post it publicly.',
    descriptionRu:
      'Проект «Открытые выборы» продолжает работу: мы готовим независимых наблюдателей не только фиксировать нарушения, но и предупреждать их.\n\nАдрес сообщается только владельцам билетов. Пожалуйста, не публикуйте его.',
    speakers: ['pavel-orlov'],
    capacity: 40,
    tickets: [{ nameEn: 'Participant', nameRu: 'Участник', pricePence: 0, quota: 40 }],
  },
  {
    slug: 'kostroma-what-happened-on-13-september',
    kind: 'talk',
    language: 'ru',
    at: (now) => evening(now, 6),
    hours: 2,
    venue: 'club',
    titleEn: 'Kostroma: what happened on 13 September',
    titleRu: 'Кострома: что произошло 13 сентября',
    summaryEn: 'Observers barricaded in their office, a door broken down, a search. Witnesses tell the story.',
    summaryRu: 'Наблюдатели забаррикадированы в штабе, выломанная дверь, обыск. Рассказывают свидетели.',
    descriptionEn:
      'On election day the Open Elections team in Kostroma met obstruction and falsification. Members of the team were barricaded inside their building for several hours, then detained after the door was broken down.\n\nA conversation with those who were there.',
    descriptionRu:
      'В день голосования команда «Открытых выборов» в Костроме столкнулась с препятствиями и фальсификациями. Участников несколько часов держали забаррикадированными в здании, а затем задержали, выломав дверь.\n\nРазговор с теми, кто там был.',
    speakers: ['pavel-orlov', 'gleb-arkhipov'],
    capacity: 80,
    tickets: STANDARD(800, 500, 80),
  },
  {
    slug: 'political-prisoners-evening',
    kind: 'discussion',
    language: 'both',
    at: (now) => evening(now, 9),
    hours: 2,
    venue: 'club',
    titleEn: 'Released on bail: an evening about political prisoners',
    titleRu: 'Под залог: вечер о политзаключённых',
    summaryEn: 'What bail of a million roubles means, and what comes after release.',
    summaryRu: 'Что значит залог в миллион рублей и что бывает после освобождения.',
    descriptionEn:
      'A regional campaign organiser, arrested in July and released on one million roubles bail in September, faced seven and a half years. Memorial recognised him as a political prisoner.\n\nA lawyer and a journalist discuss how such cases are built, and how to support those inside.',
    descriptionRu:
      'Организатор региональной кампании, арестованный в июле и отпущенный в сентябре под залог в миллион рублей, рисковал получить семь с половиной лет. «Мемориал» признал его политзаключённым.\n\nАдвокат и журналист обсуждают, как строятся такие дела и как поддержать тех, кто внутри.',
    speakers: ['ilya-serov', 'gleb-arkhipov'],
    capacity: 80,
    tickets: STANDARD(800, 500, 80),
  },
  {
    slug: 'screening-the-town-that-stayed',
    kind: 'screening',
    language: 'ru',
    at: (now) => evening(now, 12),
    hours: 3,
    venue: 'hall',
    titleEn: 'Screening: “The Town That Stayed”, with the director',
    titleRu: 'Показ: «Город, который остался», с режиссёром',
    summaryEn: 'A documentary shot over four years on the Volga. English subtitles; Q&A after.',
    summaryRu: 'Документальный фильм, снятый за четыре года на Волге. Английские субтитры; после — разговор.',
    descriptionEn: 'Russian with English subtitles, 94 minutes, followed by a conversation with Marina Tsvetkova.',
    descriptionRu: 'На русском языке с английскими субтитрами, 94 минуты, затем разговор с Мариной Цветковой.',
    speakers: ['marina-tsvetkova'],
    capacity: 150,
    tickets: [
      { nameEn: 'Standard', nameRu: 'Обычный', pricePence: 1200, memberPricePence: 800, quota: 130 },
      { nameEn: 'Concession', nameRu: 'Льготный', pricePence: 600, quota: 20 },
    ],
  },
  {
    slug: 'reading-new-prose-from-exile',
    kind: 'reading',
    language: 'ru',
    at: (now) => evening(now, 16),
    hours: 2,
    venue: 'club',
    titleEn: 'Reading: new prose from exile',
    titleRu: 'Чтения: новая проза в эмиграции',
    summaryEn: 'Vera Lomonosova reads from her fourth novel, written in London.',
    summaryRu: 'Вера Ломоносова читает из четвёртого романа, написанного в Лондоне.',
    descriptionEn: 'A reading followed by a conversation with the historian Dmitry Zaitsev about émigré literature, then and now.',
    descriptionRu: 'Чтение, а затем разговор с историком Дмитрием Зайцевым об эмигрантской литературе — тогда и сейчас.',
    speakers: ['vera-lomonosova', 'dmitry-zaitsev'],
    capacity: 60,
    tickets: STANDARD(1000, 600, 60),
  },
  {
    slug: 'mafia-state-discussion',
    kind: 'discussion',
    language: 'en',
    at: (now) => evening(now, 20),
    hours: 2,
    venue: 'hall',
    titleEn: 'A system built like a clan: violence against journalists',
    titleRu: 'Система, устроенная как клан: насилие против журналистов',
    summaryEn: 'After the attempted murder of a journalist: can a mafia run a huge country?',
    summaryRu: 'После покушения на журналиста: может ли мафия управлять огромной страной?',
    descriptionEn:
      '“Something that looks like the mafia will eventually start to act like the mafia too.” A discussion in English on power, loyalty and the safety of journalists.',
    descriptionRu:
      '«То, что похоже на мафию, со временем начинает и действовать как мафия». Дискуссия на английском языке о власти, лояльности и безопасности журналистов.',
    speakers: ['gleb-arkhipov', 'ilya-serov'],
    capacity: 150,
    tickets: STANDARD(1000, 600, 150),
  },
  {
    slug: 'playreading-plays-that-cannot-be-staged',
    kind: 'reading',
    language: 'ru',
    at: (now) => evening(now, 24),
    hours: 2,
    venue: 'club',
    titleEn: 'Play reading: plays that cannot be staged at home',
    titleRu: 'Читка: пьесы, которые нельзя поставить дома',
    summaryEn: 'Sofia Belaya directs actors in a reading of two new plays.',
    summaryRu: 'София Белая и актёры читают две новые пьесы.',
    descriptionEn: 'Two short plays, read in Russian by actors now living in London.',
    descriptionRu: 'Две короткие пьесы читают по-русски актёры, живущие теперь в Лондоне.',
    speakers: ['sofia-belaya'],
    capacity: 60,
    tickets: STANDARD(1000, 600, 60),
  },
  {
    slug: 'exhibition-rooms-left-behind',
    kind: 'exhibition',
    language: 'both',
    at: (now) => evening(now, 30, 18, 0),
    hours: 3,
    venue: 'club',
    titleEn: 'Exhibition opening: “Rooms Left Behind”',
    titleRu: 'Открытие выставки «Оставленные комнаты»',
    summaryEn: 'Paintings of flats their owners had to leave.',
    summaryRu: 'Живопись: квартиры, которые хозяевам пришлось оставить.',
    descriptionEn: 'Ekaterina Volkova’s first London exhibition. Cello by Nikolai Gromov.',
    descriptionRu: 'Первая лондонская выставка Екатерины Волковой. На виолончели играет Николай Громов.',
    speakers: ['ekaterina-volkova', 'nikolai-gromov'],
    capacity: 100,
    tickets: [{ nameEn: 'Free entry', nameRu: 'Свободный вход', pricePence: 0, quota: 100 }],
  },
  {
    slug: 'poetry-two-languages',
    kind: 'reading',
    language: 'both',
    at: (now) => evening(now, 34),
    hours: 2,
    venue: 'club',
    titleEn: 'Poetry in two languages',
    titleRu: 'Стихи на двух языках',
    summaryEn: 'Anna Kravets reads her bilingual collection.',
    summaryRu: 'Анна Кравец читает свой двуязычный сборник.',
    descriptionEn: 'Each poem in Russian, then in the poet’s own English.',
    descriptionRu: 'Каждое стихотворение — по-русски, затем в авторском английском переводе.',
    speakers: ['anna-kravets'],
    capacity: 50,
    tickets: STANDARD(800, 0, 50),
  },
  {
    slug: 'chamber-concert-winter',
    kind: 'concert',
    language: 'both',
    at: (now) => evening(now, 41, 19, 30),
    hours: 2,
    venue: 'hall',
    titleEn: 'Winter chamber concert',
    titleRu: 'Зимний камерный концерт',
    summaryEn: 'Shostakovich and Schnittke, played by musicians who left state orchestras.',
    summaryRu: 'Шостакович и Шнитке в исполнении музыкантов, ушедших из государственных оркестров.',
    descriptionEn: 'A programme of Russian chamber music.',
    descriptionRu: 'Программа русской камерной музыки.',
    speakers: ['nikolai-gromov'],
    capacity: 150,
    tickets: [
      { nameEn: 'Standard', nameRu: 'Обычный', pricePence: 1800, memberPricePence: 1200, quota: 120 },
      { nameEn: 'Members’ front rows', nameRu: 'Первые ряды для членов клуба', pricePence: 1500, quota: 30, membersOnly: true },
    ],
  },
  {
    slug: 'duma-elections-independent-candidates',
    kind: 'talk',
    language: 'ru',
    at: (now) => evening(now, 48),
    hours: 2,
    venue: 'club',
    titleEn: 'The Duma elections: supporting independent candidates',
    titleRu: 'Выборы в Думу: поддержка независимых кандидатов',
    summaryEn: 'Open Elections will support independent candidates who show the motivation and skills.',
    summaryRu: '«Открытые выборы» поддержат независимых кандидатов, которые покажут мотивацию и навыки.',
    descriptionEn: 'How the project will choose and support candidates, and how the diaspora can help.',
    descriptionRu: 'Как проект будет отбирать и поддерживать кандидатов и чем может помочь диаспора.',
    speakers: ['pavel-orlov', 'gleb-arkhipov'],
    capacity: 80,
    tickets: STANDARD(500, 0, 80),
  },
  {
    slug: 'members-evening-winter',
    kind: 'social',
    language: 'both',
    at: (now) => evening(now, 19, 19, 30),
    hours: 3,
    venue: 'club',
    titleEn: 'Members’ evening: a winter supper',
    titleRu: 'Вечер для членов клуба: зимний ужин',
    summaryEn: 'Supper and conversation with the club’s speakers. For members only.',
    summaryRu: 'Ужин и разговоры со спикерами клуба. Только для членов клуба.',
    descriptionEn: 'An informal evening for members of the club: supper, music and conversation.',
    descriptionRu: 'Неформальный вечер для членов клуба: ужин, музыка и разговоры.',
    speakers: ['sofia-belaya', 'anna-kravets'],
    capacity: 40,
    tickets: [{ nameEn: 'Member', nameRu: 'Член клуба', pricePence: 1500, quota: 40, membersOnly: true }],
  },
  {
    slug: 'new-year-readings',
    kind: 'reading',
    language: 'ru',
    at: (now) => evening(now, 55),
    hours: 2,
    venue: 'hall',
    titleEn: 'New Year readings: poems and prose of the year',
    titleRu: 'Новогодние чтения: стихи и проза года',
    summaryEn: 'The club’s writers read what they wrote this year. Tickets go on sale soon.',
    summaryRu: 'Писатели клуба читают написанное за год. Продажа билетов скоро откроется.',
    descriptionEn: 'Readings by Vera Lomonosova and Anna Kravets, with music.',
    descriptionRu: 'Читают Вера Ломоносова и Анна Кравец, звучит музыка.',
    speakers: ['vera-lomonosova', 'anna-kravets'],
    capacity: 120,
    tickets: [{ nameEn: 'Standard', nameRu: 'Обычный', pricePence: 1000, memberPricePence: 600, quota: 120, salesStartInDays: 14 }],
  },
  {
    slug: 'cancelled-book-club',
    kind: 'discussion',
    language: 'ru',
    at: (now) => evening(now, 5, 18, 0),
    hours: 2,
    venue: 'club',
    titleEn: 'Book club: émigré memoirs',
    titleRu: 'Книжный клуб: эмигрантские мемуары',
    summaryEn: 'Cancelled: the speaker could not travel.',
    summaryRu: 'Отменено: спикер не смог приехать.',
    descriptionEn: 'This evening is cancelled. Ticket holders have been refunded.',
    descriptionRu: 'Вечер отменён. Владельцам билетов деньги возвращены.',
    speakers: ['dmitry-zaitsev'],
    capacity: 30,
    tickets: STANDARD(500, 300, 30),
    status: 'cancelled',
  },
]

export function seedCalendar(tx: DbOrTx, now: number) {
  const venueIds = {
    club: tx
      .insert(venues)
      .values({
        slug: 'the-club',
        nameEn: 'Open Russia Club',
        nameRu: 'Клуб «Открытая Россия»',
        addressEn: '12 Example Mews, London W1 (demo address)',
        addressRu: '12 Example Mews, Лондон W1 (демо-адрес)',
        directionsEn: 'Ring the bell marked “ORC”. Step-free access through the courtyard.',
        directionsRu: 'Звоните в звонок «ORC». Вход без ступенек через двор.',
      })
      .returning({ id: venues.id })
      .get().id,
    hall: tx
      .insert(venues)
      .values({
        slug: 'conway-hall',
        nameEn: 'Lecture hall, Holborn',
        nameRu: 'Лекционный зал, Холборн',
        addressEn: '25 Example Square, London WC1 (demo address)',
        addressRu: '25 Example Square, Лондон WC1 (демо-адрес)',
      })
      .returning({ id: venues.id })
      .get().id,
    undisclosed: tx
      .insert(venues)
      .values({
        slug: 'training-room',
        nameEn: 'Training room (address for participants)',
        nameRu: 'Учебный класс (адрес для участников)',
        addressEn: '3 Example Yard, London E1 (demo address)',
        addressRu: '3 Example Yard, Лондон E1 (демо-адрес)',
      })
      .returning({ id: venues.id })
      .get().id,
  }

  const speakerIds = new Map<string, number>()
  for (const s of SPEAKERS) {
    const { id } = tx.insert(speakers).values(s).returning({ id: speakers.id }).get()
    speakerIds.set(s.slug, id)
  }

  for (const e of EVENTS) {
    const startsAt = e.at(now)
    const status = e.status ?? 'published'
    const { id: eventId } = tx
      .insert(events)
      .values({
        slug: e.slug,
        status,
        kind: e.kind,
        language: e.language,
        titleEn: e.titleEn,
        titleRu: e.titleRu,
        summaryEn: e.summaryEn,
        summaryRu: e.summaryRu,
        descriptionEn: e.descriptionEn,
        descriptionRu: e.descriptionRu,
        startsAt,
        endsAt: startsAt + e.hours * 3_600_000,
        venueId: venueIds[e.venue],
        addressHidden: e.addressHidden ?? false,
        capacity: e.capacity,
        publishedAt: now,
        cancelledAt: status === 'cancelled' ? now : null,
      })
      .returning({ id: events.id })
      .get()
    e.speakers.forEach((slug, position) => {
      tx.insert(eventSpeakers).values({ eventId, speakerId: speakerIds.get(slug)!, position }).run()
    })
    e.tickets.forEach((t, position) => {
      tx.insert(ticketTypes)
        .values({
          eventId,
          nameEn: t.nameEn,
          nameRu: t.nameRu,
          pricePence: t.pricePence,
          memberPricePence: t.memberPricePence ?? null,
          quota: t.quota,
          membersOnly: t.membersOnly ?? false,
          salesStartAt: t.salesStartInDays === undefined ? null : evening(now, t.salesStartInDays, 10, 0),
          maxPerOrder: 10,
          position,
        })
        .run()
    })
  }
  // The membership plans are seeded by db/seed/membership.ts.
}

// The parts every email shares. Templates of a capability keep their texts in that capability's namespace.
export default {
  en: {
    club: 'Open Russia Club',
    footer:
      'Open Russia Club, London. You receive this message because of something you did on our site. We never share your address.',
    outbox: {
      title: 'Outbox',
      lead: 'Demo mode: the club sends no real email. Every message it would have sent is here.',
      empty: 'No messages yet.',
      to: 'To',
      subject: 'Subject',
      sent: 'Sent',
      template: 'Kind',
      openHtml: 'Open the HTML version',
      back: 'All messages',
      textVersion: 'Text version',
      attachments_one: '{{count}} attachment',
      attachments_other: '{{count}} attachments',
      noAttachments: 'No attachments.',
      inline: 'shown in the message',
    },
  },
  ru: {
    club: 'Клуб «Открытая Россия»',
    footer:
      'Клуб «Открытая Россия», Лондон. Вы получили это письмо, потому что сделали что-то на нашем сайте. Мы никому не передаём ваш адрес.',
    outbox: {
      title: 'Почта',
      lead: 'Демонстрационный режим: клуб не отправляет настоящих писем. Всё, что он отправил бы, — здесь.',
      empty: 'Писем пока нет.',
      to: 'Кому',
      subject: 'Тема',
      sent: 'Отправлено',
      template: 'Вид',
      openHtml: 'Открыть HTML-версию',
      back: 'Все письма',
      textVersion: 'Текстовая версия',
      attachments_one: '{{count}} вложение',
      attachments_few: '{{count}} вложения',
      attachments_many: '{{count}} вложений',
      attachments_other: '{{count}} вложения',
      noAttachments: 'Вложений нет.',
      inline: 'показано в письме',
    },
  },
}

// What one email costs to hand to the SMTP receiver, with nodemailer as the server uses it (a new
// connection for each message, no pool) and with a pooled connection, measured against the same
// receiver the benchmark's server delivers to.
import nodemailer, { type Transporter } from 'nodemailer'
import { summarize, type Summary } from '../../lib/stats'

export async function smtpSendCost(smtpUrl: string, messages: number): Promise<{ perConnection: Summary; pooled: Summary }> {
  const time = async (transport: Transporter) => {
    const samples: number[] = []
    for (let i = 0; i < messages; i++) {
      const started = performance.now()
      await transport.sendMail({
        from: 'bench@example.org',
        to: 'smtp-cost@example.invalid',
        subject: 'SMTP cost',
        text: 'A message to time delivery.',
      })
      samples.push(performance.now() - started)
    }
    transport.close()
    return summarize(samples)
  }
  const perConnection = await time(nodemailer.createTransport({ url: smtpUrl }))
  const pooled = await time(nodemailer.createTransport({ url: smtpUrl, pool: true }))
  return { perConnection, pooled }
}
